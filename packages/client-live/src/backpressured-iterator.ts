import type { Frame } from '@aws/client';
import type { Observable, Unsubscribable } from 'rxjs';
import { frameBytes } from './frame-bytes.js';
import type { Pressure } from './pressure.js';

type Waiter = { resolve: (result: IteratorResult<Frame>) => void; reject: (error: unknown) => void };

/**
 * A `for await` consumer of a frame stream whose queue counts toward the connection's receive pressure: when the loop
 * falls behind by the high water mark, the socket pauses and TCP flow control slows the server down; it resumes once
 * the loop has caught up to the low water mark. Nothing is dropped.
 */
export class BackpressuredIterator implements AsyncIterator<Frame>, AsyncIterable<Frame> {
  private readonly queue: Frame[] = [];
  private head = 0;
  private bytes = 0;
  private waiter: Waiter | undefined;
  private subscription: Unsubscribable | undefined;
  private done = false;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly source: Observable<Frame>,
    private readonly pressure: Pressure,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Frame> {
    return this;
  }

  next(): Promise<IteratorResult<Frame>> {
    this.subscription ??= this.source.subscribe({
      next: (frame) => this.push(frame),
      error: (error: unknown) => this.end({ error }),
      complete: () => this.end(undefined),
    });
    if (this.head < this.queue.length) return Promise.resolve({ done: false, value: this.take() });
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.done) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Frame>> {
    this.done = true;
    this.subscription?.unsubscribe();
    this.queue.length = 0;
    this.head = 0;
    this.pressure.release(this);
    this.settleWaiter({ done: true, value: undefined });
    return Promise.resolve({ done: true, value: undefined });
  }

  private push(frame: Frame): void {
    if (this.waiter !== undefined) return this.settleWaiter({ done: false, value: frame });
    this.queue.push(frame);
    this.bytes += frameBytes(frame);
    this.pressure.update(this, this.queue.length - this.head, this.bytes);
  }

  private take(): Frame {
    const frame = this.queue[this.head] as Frame;
    // Let go of the frame now: a consumed frame left in the array until the next compaction stays reachable, and
    // with large messages that is megabytes of strings the GC must trace and promote on every collection.
    this.queue[this.head] = undefined as unknown as Frame;
    this.head += 1;
    this.bytes -= frameBytes(frame);
    if (this.head === this.queue.length) {
      // Drained: start over, the usual case for a loop that keeps up.
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      // Compact now and then instead of shift() on every frame, which is O(n) on a long queue.
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.pressure.update(this, this.queue.length - this.head, this.bytes);
    return frame;
  }

  private end(failure: { error: unknown } | undefined): void {
    this.done = true;
    this.failure = failure;
    this.pressure.release(this);
    if (this.waiter === undefined) return;
    if (failure !== undefined) {
      const { reject } = this.waiter;
      this.waiter = undefined;
      reject(failure.error);
    } else {
      this.settleWaiter({ done: true, value: undefined });
    }
  }

  private settleWaiter(result: IteratorResult<Frame>): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve(result);
  }
}
