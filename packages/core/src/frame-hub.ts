import { StreamIterator, type Frame } from '@aws/client';
import type { Subscriber, TeardownLogic } from 'rxjs';
import { frameBytes } from './frame-bytes.js';
import { LiveStream } from './live-stream.js';
import { Pressure, type WaterMarks } from './pressure.js';
import { SubscriberList } from './subscriber-list.js';

/** The frame stream: its `for await` consumers count toward the connection's receive pressure. One class for all
 * connections (a class expression in the constructor would make a new class, prototype and hidden classes each time). */
class FrameStream extends LiveStream<Frame> {
  constructor(
    private readonly pressure: Pressure,
    subscribe: (subscriber: Subscriber<Frame>) => TeardownLogic,
  ) {
    super(subscribe);
  }

  override [Symbol.asyncIterator](): AsyncIterator<Frame> {
    return new StreamIterator<Frame>(this, { pressure: this.pressure, weigh: frameBytes });
  }
}

/**
 * The frames of one connection id, multicast to every subscriber. It outlives any one socket, so the same stream
 * goes on across reconnections. While nobody listens, frames wait in a backlog that the next subscribers get (all of
 * them that subscribe in the same turn), so a welcome sent right after the handshake is never lost. The backlog and
 * every `for await` consumer's queue count toward the receive water marks: past the high mark the socket is paused.
 */
export class FrameHub {
  private readonly subscribers = new SubscriberList<Frame>();
  private backlog: Frame[] | undefined = [];
  private backlogBytes = 0;
  private flushScheduled = false;
  private flushing = false;
  private ended = false;
  readonly pressure: Pressure;

  readonly stream: LiveStream<Frame>;

  constructor(marks: WaterMarks, onPause: (paused: boolean) => void) {
    this.pressure = new Pressure(marks, onPause);
    this.stream = new FrameStream(this.pressure, (subscriber) => {
      if (this.ended && this.backlog === undefined) return subscriber.complete();
      const remove = this.subscribers.add(subscriber);
      this.scheduleFlush();
      return () => {
        remove();
        if (this.subscribers.size === 0 && (!this.ended || this.flushing)) this.backlog ??= [];
      };
    });
  }

  emit(frame: Frame): void {
    if (this.backlog === undefined) return this.subscribers.next(frame);
    this.backlog.push(frame);
    this.backlogBytes += frameBytes(frame);
    this.pressure.update(this, this.backlog.length, this.backlogBytes);
  }

  /** Ends the stream after the frames already emitted (the close frame last). */
  complete(): void {
    this.ended = true;
    if (this.backlog === undefined) this.subscribers.complete();
  }

  private scheduleFlush(): void {
    if (this.backlog === undefined || this.flushScheduled) return;
    this.flushScheduled = true;
    // A microtask, so that every subscriber that subscribes in the same turn as the first gets the backlog.
    queueMicrotask(() => {
      this.flushScheduled = false;
      const backlog = this.backlog;
      if (backlog === undefined || this.subscribers.size === 0) return;
      this.backlog = undefined;
      this.backlogBytes = 0;
      this.pressure.update(this, 0, 0);
      this.flushing = true;
      try {
        for (let i = 0; i < backlog.length; i += 1) {
          // Everyone left during the flush (a take(1), say), and a new backlog has begun: what is left of the old one
          // goes back in front of it, for the next subscribers. No frame is delivered to nobody.
          if (this.backlog !== undefined) return this.keep(backlog.slice(i));
          this.subscribers.next(backlog[i] as Frame);
        }
      } finally {
        this.flushing = false;
      }
      if (this.ended && this.backlog === undefined) this.subscribers.complete();
    });
  }

  private keep(frames: Frame[]): void {
    const backlog = this.backlog ?? [];
    backlog.unshift(...frames);
    this.backlog = backlog;
    for (const frame of frames) this.backlogBytes += frameBytes(frame);
    this.pressure.update(this, backlog.length, this.backlogBytes);
    if (this.subscribers.size > 0) this.scheduleFlush();
  }
}
