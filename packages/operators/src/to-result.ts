import type { Operator } from './operator.js';
import { isThenable, orderedMap } from './ordered-map.js';
import { fail, ok, type Result } from './result.js';

/** Runs `transform` on `value` and captures its outcome, also when it is a promise. */
export function capture<T, R>(transform: (value: T) => R, value: T): Result<Awaited<R>> | Promise<Result<Awaited<R>>> {
  let returned: R;
  try {
    returned = transform(value);
  } catch (error) {
    return fail(error);
  }
  if (!isThenable(returned)) return ok(returned as Awaited<R>);
  return Promise.resolve(returned).then(
    (settled) => ok(settled as Awaited<R>),
    (error: unknown) => fail(error),
  );
}

/**
 * Maps every element through `transform` and emits the outcome as a {@link Result}, like Swift's
 * `toResult(transform:)`: a throw becomes `{ ok: false, error }` and the stream goes on. When `transform` returns a
 * promise, its outcome is emitted in the source's order.
 *
 * @example
 * ```ts
 * frames.pipe(
 *   on('message.text'),
 *   toResult((text) => BigInt(text)), // Observable<Result<bigint>>: a non-number is an error Result
 * )
 * ```
 */
export function toResult<T, R>(transform: (value: T) => R): Operator<T, Result<Awaited<R>>> {
  return orderedMap((value: T) => capture(transform, value));
}
