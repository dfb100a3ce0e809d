import { pressureOf, receivePressure, stepSkip } from '@aws/client';
import { Observable, Subscriber } from 'rxjs';
import { fromSubscribable, type Operator } from './operator.js';

/**
 * Returned by a projection of {@link orderedMap} (or of a `syncMap`) to drop the value. It is the symbol that a step
 * of `@aws/client`'s `StreamIterator` answers to drop one, so that a `syncMap`'s step runs there as it is.
 */
export const skip: typeof stepSkip = stepSkip;
export type Skip = typeof skip;

type Projected<R> = R | Skip | PromiseLike<R | Skip>;

/** Whether `value` is a promise or another thenable. */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * The subscriber of one {@link orderedMap} subscription. Extending rxjs's `Subscriber` (as rxjs's own operators do)
 * means the source calls `_next` directly: a plain observer object would be wrapped in a SafeSubscriber and a
 * ConsumerObserver with its own try/catch, two more calls per value and per operator.
 */
class OrderedMapSubscriber<T, R> extends Subscriber<T> {
  private pending = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly out: Subscriber<R>,
    private readonly project: (value: T) => Projected<R>,
  ) {
    super(out);
  }

  protected override _next(value: T): void {
    let result: Projected<R>;
    try {
      result = this.project(value);
    } catch (error) {
      this.out.error(error);
      return;
    }
    if (isThenable(result)) this.enqueue(result);
    else if (this.pending > 0) this.enqueue(Promise.resolve(result));
    else if (result !== skip) this.out.next(result);
  }

  protected override _error(error: unknown): void {
    this.after(() => this.out.error(error));
  }

  protected override _complete(): void {
    this.after(() => this.out.complete());
  }

  // Runs `step` after everything pending, or right away when nothing is.
  private after(step: () => void): void {
    if (this.pending === 0) step();
    else this.tail = this.tail.then(step);
  }

  private enqueue(result: PromiseLike<R | Skip>): void {
    this.pending += 1;
    // Settle `result` into a value now, so that a rejection waiting for its turn is never reported unhandled.
    const settled = Promise.resolve(result).then(
      (value) => () => {
        this.pending -= 1;
        if (value !== skip) this.out.next(value);
      },
      (error: unknown) => () => this.out.error(error),
    );
    this.tail = this.tail.then(() => settled).then((deliver) => deliver());
  }
}

/**
 * Maps every value through `project`, which may answer at once or with a promise (an async schema, an async
 * callback), and keeps the source's order either way. Synchronous answers are delivered synchronously while nothing
 * is pending, so a chain without async steps costs no extra tick; once a promise is pending, later values, the
 * error and the completion wait behind it. A throw or a rejection errors the stream, as in rxjs's own `map`.
 */
export function orderedMap<T, R>(project: (value: T) => Projected<R>): Operator<T, R> {
  return (source) =>
    Object.assign(
      new Observable<R>((subscriber) => {
        fromSubscribable(source).subscribe(new OrderedMapSubscriber(subscriber, project));
      }),
      // The source's receive pressure, passed on (see receivePressure in @aws/client).
      { [receivePressure]: () => pressureOf(source) },
    );
}
