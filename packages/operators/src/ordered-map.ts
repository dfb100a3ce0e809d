import { Observable } from 'rxjs';
import { fromSubscribable, type Operator } from './operator.js';

/** Returned by a projection of {@link orderedMap} to drop the value. */
export const skip: unique symbol = Symbol('skip');
export type Skip = typeof skip;

type Projected<R> = R | Skip | PromiseLike<R | Skip>;

/** Whether `value` is a promise or another thenable. */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Maps every value through `project`, which may answer at once or with a promise (an async schema, an async
 * callback), and keeps the source's order either way. Synchronous answers are delivered synchronously while nothing
 * is pending, so a chain without async steps costs no extra tick; once a promise is pending, later values, the
 * error and the completion wait behind it. A throw or a rejection errors the stream, as in rxjs's own `map`.
 */
export function orderedMap<T, R>(project: (value: T) => Projected<R>): Operator<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let pending = 0;
      let tail: Promise<void> = Promise.resolve();
      const emit = (result: R | Skip): void => {
        if (result !== skip) subscriber.next(result);
      };
      // Runs `step` after everything pending, or right away when nothing is.
      const after = (step: () => void): void => {
        if (pending === 0) step();
        else tail = tail.then(step);
      };
      const enqueue = (result: PromiseLike<R | Skip>): void => {
        pending += 1;
        // Settle `result` into a value now, so that a rejection waiting for its turn is never reported unhandled.
        const settled = Promise.resolve(result).then(
          (value) => () => {
            pending -= 1;
            emit(value);
          },
          (error: unknown) => () => subscriber.error(error),
        );
        tail = tail.then(() => settled).then((deliver) => deliver());
      };
      return fromSubscribable(source).subscribe({
        next(value) {
          let result: Projected<R>;
          try {
            result = project(value);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (isThenable(result)) enqueue(result);
          else if (pending > 0) enqueue(Promise.resolve(result));
          else emit(result);
        },
        error: (error: unknown) => after(() => subscriber.error(error)),
        complete: () => after(() => subscriber.complete()),
      });
    });
}
