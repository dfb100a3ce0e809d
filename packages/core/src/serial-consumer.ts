import { Fifo, type Frame } from '@aws/client';
import { frameBytes } from './frame-bytes.js';
import type { FrameHub } from './frame-hub.js';
import type { Sink } from './subscriber-list.js';

/** The frames that wait for a pending handler, and their weight in the receive buffer. */
interface Waiting {
  readonly frames: Fifo<Frame>;
  weight: number;
}

/**
 * Runs `handle` on each frame of a connection, one at a time and in order, as a `for await` loop over its frames
 * would, for a fraction of the cost: no iterator, no promise per frame (none at all for a handler that returns
 * nothing), no closure, one small object per connection instead of a suspended async function with its subscriber
 * (idle memory counts, at 10,000 connections). A subclass says what to do with a frame and with a failure.
 *
 * Frames that arrive while a handler's promise is pending wait in a queue that counts toward the connection's
 * receive buffer, so the socket pauses when the handler falls behind. A handler that throws or rejects stops the
 * consumer: `failed` gets the error once, the frames still queued are let go.
 *
 * @example
 * ```ts
 * class Logged extends SerialConsumer {
 *   protected handle(frame: Frame) { return log.write(frame) }
 *   protected failed(error: unknown) { void peer.close(1011, 'internal error') }
 * }
 * new Logged(peer.frames).start()
 * ```
 */
export abstract class SerialConsumer implements Sink<Frame> {
  private waiting: Waiting | undefined;
  /** 'busy' while a handler's promise is pending; 'stopped' once a handler has failed. */
  private phase: 'idle' | 'busy' | 'stopped' = 'idle';

  constructor(private readonly hub: FrameHub) {}

  /** What to do with a frame: a promise returned holds back the next frame until it settles. */
  protected abstract handle(frame: Frame): void | PromiseLike<void>;
  /** The handler threw or rejected; no frame is handled after this. */
  protected abstract failed(error: unknown): void;

  start(): void {
    this.hub.consume(this);
  }

  next(frame: Frame): void {
    if (this.phase === 'stopped') return;
    if (this.phase === 'busy') return this.enqueue(frame);
    this.run(frame);
    this.drain();
  }

  complete(): void {
    // Nothing to do: what is still queued is handled, the close frame last.
  }

  private enqueue(frame: Frame): void {
    const waiting = (this.waiting ??= { frames: new Fifo(), weight: 0 });
    waiting.frames.push(frame);
    waiting.weight += frameBytes(frame);
    this.hub.pressure.update(this, waiting.frames.length, waiting.weight);
  }

  /** Handles what waited, until a handler is pending again or the queue is empty. */
  private drain(): void {
    const waiting = this.waiting;
    while (this.phase === 'idle' && waiting !== undefined && waiting.frames.length > 0) {
      const frame = waiting.frames.shift() as Frame;
      waiting.weight -= frameBytes(frame);
      this.hub.pressure.update(this, waiting.frames.length, waiting.weight);
      this.run(frame);
    }
    // Most connections never queue: the queue goes once it is empty again.
    if (this.waiting !== undefined && this.waiting.frames.length === 0 && this.phase !== 'busy') this.waiting = undefined;
  }

  private run(frame: Frame): void {
    let result: void | PromiseLike<void>;
    try {
      result = this.handle(frame);
    } catch (error) {
      return this.fail(error);
    }
    if (result === undefined || typeof (result as PromiseLike<void>).then !== 'function') return;
    this.phase = 'busy';
    (result as PromiseLike<void>).then(
      () => {
        this.phase = 'idle';
        this.drain();
      },
      (error: unknown) => this.fail(error),
    );
  }

  private fail(error: unknown): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.waiting = undefined;
    this.hub.pressure.release(this);
    this.hub.release(this);
    this.failed(error);
  }
}
