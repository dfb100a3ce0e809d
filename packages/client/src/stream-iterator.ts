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

/** What a subscription hands its subscriber to run when it ends: rxjs's `TeardownLogic`, without importing rxjs. */
type Teardown = Unsubscribable | (() => void) | null | undefined | void;

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
  private readonly receiver: IteratorReceiver<T>;
  private subscription: Unsubscribable | undefined;

  constructor(
    private readonly source: Subscribable<T>,
    options: StreamIteratorOptions<T> = {},
  ) {
    this.receiver = new IteratorReceiver(options);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.subscription === undefined) this.start();
    return this.receiver.take();
  }

  return(): Promise<IteratorResult<T>> {
    // Not started yet: nothing to unsubscribe, and a later next() must not subscribe any more.
    this.subscription ??= this.receiver;
    this.receiver.cancel();
    this.subscription.unsubscribe();
    return Promise.resolve(done);
  }

  private start(): void {
    // Set first: a source that completes synchronously ends the receiver before subscribe() has returned.
    this.subscription = this.receiver;
    const subscription = this.source.subscribe(this.receiver);
    // An rxjs Observable answers the receiver itself (it is used as the subscriber); another Subscribable has its own
    // handle, which the receiver's teardown then calls.
    if (subscription !== this.receiver) this.receiver.add(subscription);
  }
}

/**
 * The subscriber side of a {@link StreamIterator}: the queue, the waiters, and the subscription's teardowns. It has the
 * shape of an rxjs `Subscriber` (`next`, `error`, `complete`, `closed`, `add`, `remove`, `unsubscribe`), so that an
 * rxjs Observable subscribes it as it is, where a plain observer object would be wrapped in a `SafeSubscriber` and a
 * `ConsumerObserver`: a `for await` over the frames or an operator chain costs one call less per value, no try/catch,
 * and three closures and two objects less per loop.
 */
class IteratorReceiver<T> {
  /** Unsubscribed: nothing is delivered any more and teardowns added now run at once (rxjs's `closed`). */
  closed = false;
  private readonly queue = new Fifo<T>();
  private weight = 0;
  private waiters: Waiter<T>[] | undefined;
  private teardowns: Teardown[] | undefined;
  private finished = false;
  private failure: { readonly error: unknown } | undefined;

  constructor(private readonly options: StreamIteratorOptions<T>) {}

  /** The value for the loop's next(): a queued value, the error, the end, or a promise of the next value. */
  take(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ done: false, value: this.shift() });
    if (this.failure !== undefined) {
      const { error } = this.failure;
      // The error is thrown once; the loop is over after it.
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve(done);
    return new Promise((resolve, reject) => (this.waiters ??= []).push({ resolve, reject }));
  }

  /** The loop has ended (`return()`): what is queued is dropped and the waiters get the end. */
  cancel(): void {
    this.finished = true;
    this.failure = undefined;
    this.queue.drain();
    this.weight = 0;
    this.options.pressure?.release(this);
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters !== undefined) for (const waiter of waiters) waiter.resolve(done);
  }

  next(value: T): void {
    if (this.finished) return;
    const waiter = this.waiters?.shift();
    if (waiter !== undefined) return waiter.resolve({ done: false, value });
    this.queue.push(value);
    if (this.options.weigh !== undefined) this.weight += this.options.weigh(value);
    this.options.pressure?.update(this, this.queue.length, this.weight);
  }

  error(error: unknown): void {
    this.end({ error });
  }

  complete(): void {
    this.end(undefined);
  }

  add(teardown: Teardown): void {
    if (teardown === undefined || teardown === null || teardown === this) return;
    if (this.closed) runTeardown(teardown);
    else (this.teardowns ??= []).push(teardown);
  }

  remove(teardown: Teardown): void {
    const index = this.teardowns?.indexOf(teardown) ?? -1;
    if (index >= 0) this.teardowns?.splice(index, 1);
  }

  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    const teardowns = this.teardowns;
    this.teardowns = undefined;
    if (teardowns !== undefined) for (const teardown of teardowns) runTeardown(teardown);
  }

  private shift(): T {
    const value = this.queue.shift() as T;
    if (this.options.weigh !== undefined) this.weight -= this.options.weigh(value);
    this.options.pressure?.update(this, this.queue.length, this.weight);
    return value;
  }

  private end(failure: { readonly error: unknown } | undefined): void {
    if (this.finished) return;
    this.finished = true;
    this.options.pressure?.release(this);
    this.settle(failure);
    // As an rxjs subscriber does after its error or completion: the source's resources are let go at once.
    this.unsubscribe();
  }

  private settle(failure: { readonly error: unknown } | undefined): void {
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
}

/** Runs one teardown as rxjs does: a function is called, a subscription unsubscribed. */
function runTeardown(teardown: Teardown): void {
  if (typeof teardown === 'function') teardown();
  else teardown?.unsubscribe();
}
