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

/**
 * What a step of {@link StreamIterator.stepping} answers to drop a value. A registered symbol, so that a package that
 * makes steps (the operators) can answer it without importing it.
 *
 * @example
 * ```ts
 * const evens = StreamIterator.stepping(numbers, (n: number) => (n % 2 === 0 ? n : stepSkip))
 * ```
 */
export const stepSkip: unique symbol = Symbol.for('@aws/client/step-skip');

/** A synchronous step from a value of the source to one of the loop, or {@link stepSkip} to drop it. */
export type IteratorStep<S, T> = (value: S) => T | typeof stepSkip;

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
  /** The source's values as they came: the loop's own, or what the step turns into them (see {@link stepping}). */
  private readonly queue = new Fifo<unknown>();
  private step: IteratorStep<unknown, T> | undefined;
  private weight = 0;
  private waiters: Waiter<T>[] | undefined;
  private subscription: Unsubscribable | undefined;
  private finished = false;
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly source: Subscribable<T>,
    private readonly options: StreamIteratorOptions<T> = {},
  ) {}

  /**
   * An iterator of what `step` makes of `source`'s values, run when the loop takes each value rather than when it
   * arrives: the source's values wait in the queue as they came (and count toward the pressure as such, the ones the
   * step will drop included), so a value is handled once, where the loop is, not once in the source's callback and
   * again by the loop. A throw of the step ends the loop with its error, after the values before it. Give only a
   * step without side effects: it does not run when the value arrives, and never on values still queued when the
   * loop ends. `options` weigh the source's values.
   *
   * @example
   * ```ts
   * const lengths = StreamIterator.stepping(texts, (text: string) => (text === '' ? stepSkip : text.length))
   * ```
   */
  static stepping<S, T>(source: Subscribable<S>, step: IteratorStep<S, T>, options: StreamIteratorOptions<S> = {}): StreamIterator<T> {
    // The queue holds S rather than T: only the step, set here, reads its values.
    const iterator = new StreamIterator<T>(source as Subscribable<never>, options as StreamIteratorOptions<unknown>);
    iterator.step = step as IteratorStep<unknown, T>;
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.subscription === undefined && !this.finished) this.start();
    while (this.queue.length > 0) {
      const step = this.step;
      if (step === undefined) return Promise.resolve({ done: false, value: this.take() as T });
      let value: T | typeof stepSkip;
      try {
        value = step(this.take());
      } catch (error) {
        this.fail(error);
        break;
      }
      if (value !== stepSkip) return Promise.resolve({ done: false, value });
    }
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

  private push(value: unknown): void {
    if (this.finished) return;
    if (this.waiters !== undefined && this.waiters.length > 0) return this.hand(value, this.waiters);
    this.queue.push(value);
    // With a step, the options are those of the source's values, which is what value is (see stepping).
    if (this.options.weigh !== undefined) this.weight += this.options.weigh(value as T);
    this.options.pressure?.update(this, this.queue.length, this.weight);
  }

  /** A value while the loop waits (so the queue is empty): through the step now, to the first waiter. */
  private hand(value: unknown, waiters: Waiter<T>[]): void {
    const step = this.step;
    if (step === undefined) return (waiters.shift() as Waiter<T>).resolve({ done: false, value: value as T });
    let result: T | typeof stepSkip;
    try {
      result = step(value);
    } catch (error) {
      return this.fail(error);
    }
    if (result !== stepSkip) (waiters.shift() as Waiter<T>).resolve({ done: false, value: result });
  }

  /** The step threw: the loop ends with its error, as a source that errors ends it, and what is queued is let go. */
  private fail(error: unknown): void {
    this.subscription?.unsubscribe();
    this.queue.drain();
    this.weight = 0;
    // A source that has completed already left values for the step: the loop has nothing more, so no waiter.
    if (this.finished) this.failure = { error };
    else this.end({ error });
  }

  private take(): unknown {
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
