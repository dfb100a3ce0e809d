import { isMatching, type P } from 'ts-pattern';
import type { Operator } from './operator.js';
import { skip } from './ordered-map.js';
import { syncMap } from './sync-map.js';

/**
 * Keeps the elements that match a ts-pattern pattern and narrows the type to the match, as `isMatching` does for one
 * value. The pattern is checked against the element type, with completion.
 *
 * @example
 * ```ts
 * import { P } from 'ts-pattern'
 *
 * frames.pipe(matching({ type: 'message', message: { type: 'text' } })) // Observable<text message frames>
 * users.pipe(matching({ name: P.string.startsWith('A') }))
 * ```
 */
export function matching<T, const Pattern extends P.Pattern<T>>(pattern: Pattern): Operator<T, P.narrow<T, Pattern>> {
  const matches = isMatching(pattern as P.Pattern<unknown>);
  return syncMap((value: T) => (matches(value) ? (value as P.narrow<T, Pattern>) : skip));
}
