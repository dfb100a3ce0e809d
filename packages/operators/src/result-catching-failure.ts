import type { Operator } from './operator.js';
import { orderedMap, skip } from './ordered-map.js';
import type { Result } from './result.js';
import { capture } from './to-result.js';

/** Emits the value of a success; hands a failure to `onError` and drops it. */
function unwrap<T>(result: Result<T>, onError: ((error: unknown) => void) | undefined): T | typeof skip {
  if (result.ok) return result.value;
  onError?.(result.error);
  return skip;
}

/**
 * Maps every element through `transform` and emits only the successes, like Swift's
 * `resultCatchingFailure(transform:operation:)`: when `transform` throws (or its promise rejects) the error goes to
 * `onError` and the element is dropped; the stream goes on.
 *
 * @example
 * ```ts
 * frames.pipe(
 *   on('message.text'),
 *   resultCatchingFailure(
 *     (text) => JSON.parse(text) as Message,
 *     (error) => console.warn('skipped a frame', error),
 *   ),
 * )
 * ```
 */
export function resultCatchingFailure<T, R>(transform: (value: T) => R, onError?: (error: unknown) => void): Operator<T, Awaited<R>> {
  return orderedMap((value: T) => {
    const outcome = capture(transform, value);
    return outcome instanceof Promise ? outcome.then((settled) => unwrap(settled, onError)) : unwrap(outcome, onError);
  });
}
