import type { Frame } from '@aws/client';
import { Subject } from 'rxjs';
import { BackpressuredIterator } from './backpressured-iterator.js';
import { frameBytes } from './frame-bytes.js';
import { LiveStream } from './live-stream.js';
import { Pressure, type WaterMarks } from './pressure.js';

/**
 * The frames of one connection id, multicast to every subscriber. It outlives any one socket, so the same stream
 * goes on across reconnections. While nobody listens, frames wait in a backlog that the next subscribers get (all of
 * them that subscribe in the same turn), so a welcome sent right after the handshake is never lost. The backlog and
 * every `for await` consumer's queue count toward the receive water marks: past the high mark the socket is paused.
 */
export class FrameHub {
  private readonly subject = new Subject<Frame>();
  private backlog: Frame[] | undefined = [];
  private backlogBytes = 0;
  private subscribers = 0;
  private flushScheduled = false;
  private ended = false;
  readonly pressure: Pressure;

  readonly stream: LiveStream<Frame>;

  constructor(marks: WaterMarks, onPause: (paused: boolean) => void) {
    this.pressure = new Pressure(marks, onPause);
    const hub = this;
    this.stream = new (class extends LiveStream<Frame> {
      override [Symbol.asyncIterator](): AsyncIterator<Frame> {
        return new BackpressuredIterator(this, hub.pressure);
      }
    })((subscriber) => {
      const subscription = this.subject.subscribe(subscriber);
      this.subscribers += 1;
      this.scheduleFlush();
      return () => {
        subscription.unsubscribe();
        this.subscribers -= 1;
        if (this.subscribers === 0 && !this.ended) this.backlog ??= [];
      };
    });
  }

  emit(frame: Frame): void {
    if (this.backlog === undefined) return this.subject.next(frame);
    this.backlog.push(frame);
    this.backlogBytes += frameBytes(frame);
    this.pressure.update(this, this.backlog.length, this.backlogBytes);
  }

  /** Ends the stream after the frames already emitted (the close frame last). */
  complete(): void {
    this.ended = true;
    if (this.backlog === undefined) this.subject.complete();
  }

  private scheduleFlush(): void {
    if (this.backlog === undefined || this.flushScheduled) return;
    this.flushScheduled = true;
    // A microtask, so that every subscriber that subscribes in the same turn as the first gets the backlog.
    queueMicrotask(() => {
      this.flushScheduled = false;
      const backlog = this.backlog;
      if (backlog === undefined || this.subscribers === 0) return;
      this.backlog = undefined;
      this.backlogBytes = 0;
      for (const frame of backlog) this.subject.next(frame);
      this.pressure.update(this, 0, 0);
      if (this.ended) this.subject.complete();
    });
  }
}
