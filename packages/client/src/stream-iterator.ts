import type { Subscribable, Unsubscribable } from 'rxjs';
import { Fifo } from './fifo.js';

/**
 * Where a {@link StreamIterator} reports how much it holds, so that a source that can slow down (the client's socket)
 * does while a `for await` loop falls behind. `update` is called on every change, `release` when the iterator ends.
 */
export interface IteratorPressure {
  update(owner: object, values: number, weight: number): void;
  release(owner: object): void;
}

/** How a {@link StreamIterator} weighs its values and whom it tells. */
export interface StreamIteratorOptions<T> {
  readonly pressure?: IteratorPressure;
  /** The weight of one value (bytes, say); 0 when not given. */
  readonly weigh?: (value: T) => number;
}

type Waiter<T> = { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void };

const done: IteratorResult<never> = Object.freeze({ done: true, value: undefined });

/**
 * A `for await` consumer of any RxJS `Subscribable`: it subscribes on the first `next()`, queues what the loop has
 * not taken yet, keeps a list of waiters (so several outstanding `next()` calls all settle, in order), and
 * unsubscribes when the loop ends. With `pressure`, its queue counts toward a source's backpressure.
 *
 * @example
 * ```ts
 * const frames = new StreamIterator(client.receive(id))
 * const first = await frames.next()
 * await frames.return()
 * ```
 */
export class StreamIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue = new Fifo<T>();
  private weight = 0;
  private waiters: Waiter<T>[] | undefined;
  private subscription: Unsubscribable | undefined;
  private finished = false;
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly source: Subscribable<T>,
    private readonly options: StreamIteratorOptions<T> = {},
  ) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.subscription === undefined && !this.finished) this.start();
    if (this.queue.length > 0) return Promise.resolve({ done: false, value: this.take() });
    if (this.failure !== undefined) {
      const { error } = this.failure;
      // The error is thrown once; the loop is over after it.
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve(done);
    return new Promise((resolve, reject) => (this.waiters ??= []).push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.finished = true;
    this.failure = undefined;
    this.subscription?.unsubscribe();
    this.queue.drain();
    this.weight = 0;
    this.options.pressure?.release(this);
    this.settleWaiters();
    return Promise.resolve(done);
  }

  private start(): void {
    // A placeholder first: a source that completes synchronously calls end() before subscribe() has returned.
    this.subscription = { unsubscribe() {} };
    const subscription = this.source.subscribe({
      next: (value) => this.push(value),
      error: (error: unknown) => this.end({ error }),
      complete: () => this.end(undefined),
    });
    if (this.finished) subscription.unsubscribe();
    else this.subscription = subscription;
  }

  private push(value: T): void {
    if (this.finished) return;
    const waiter = this.waiters?.shift();
    if (waiter !== undefined) return waiter.resolve({ done: false, value });
    this.queue.push(value);
    if (this.options.weigh !== undefined) this.weight += this.options.weigh(value);
    this.options.pressure?.update(this, this.queue.length, this.weight);
  }

  private take(): T {
    const value = this.queue.shift() as T;
    if (this.options.weigh !== undefined) this.weight -= this.options.weigh(value);
    this.options.pressure?.update(this, this.queue.length, this.weight);
    return value;
  }

  private end(failure: { readonly error: unknown } | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.options.pressure?.release(this);
    const waiters = this.waiters;
    if (waiters === undefined || waiters.length === 0) {
      this.failure = failure;
      return;
    }
    this.waiters = undefined;
    // Values were queued only while nobody waited, so waiting means the queue is empty: the first waiter gets the
    // error (or the end), the others the end.
    const first = waiters.shift() as Waiter<T>;
    if (failure !== undefined) first.reject(failure.error);
    else first.resolve(done);
    for (const waiter of waiters) waiter.resolve(done);
  }

  private settleWaiters(): void {
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters !== undefined) for (const waiter of waiters) waiter.resolve(done);
  }
}
