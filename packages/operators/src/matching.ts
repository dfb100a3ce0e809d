import { isMatching, type P } from 'ts-pattern';
import type { DropOptions } from './drop.js';
import type { Operator } from './operator.js';
import { skip } from './ordered-map.js';
import { syncMap } from './sync-map.js';

/**
 * Keeps the elements that match a ts-pattern pattern and narrows the type to the match, as `isMatching` does for one
 * value. The pattern is checked against the element type, with completion. `options.onDrop` is called with each
 * element that does not match (ts-pattern does not say which part of the pattern failed, so the reason is only that).
 *
 * @example
 * ```ts
 * import { P } from 'ts-pattern'
 *
 * frames.pipe(matching({ type: 'message', message: { type: 'text' } })) // Observable<text message frames>
 * users.pipe(matching({ name: P.string.startsWith('A') }, { onDrop: (user) => console.debug('not an A:', user.name) }))
 * ```
 */
export function matching<T, const Pattern extends P.Pattern<T>>(
  pattern: Pattern,
  options: DropOptions<NoInfer<T>> = {},
): Operator<T, P.narrow<T, Pattern>> {
  const matches = isMatching(pattern as P.Pattern<unknown>);
  const { onDrop } = options;
  if (onDrop === undefined) return syncMap((value: T) => (matches(value) ? (value as P.narrow<T, Pattern>) : skip));
  return syncMap((value: T) => {
    if (matches(value)) return value as P.narrow<T, Pattern>;
    onDrop(value, 'does not match the pattern');
    return skip;
  });
}
