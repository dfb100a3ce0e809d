import { noCase, casePayload, type CasePath, type CaseValue } from './case-path.js';
import type { Operator } from './operator.js';
import { skip } from './ordered-map.js';
import { syncMap } from './sync-map.js';

/** Options of {@link caseOf}. */
export interface CaseOptions<Tag extends string> {
  /** The key that holds the case name in a TypeScript discriminated union.
   * @default 'type' */
  readonly tag?: Tag;
}

/**
 * Emits the payload of one case of a tagged union and drops the other cases, like Swift's `case(\.event)`. The path
 * goes through nested unions, one case name per segment: `'response.success.getUsers'`. It is checked by the compiler
 * against the element type, with completion, and the output type is the payload's.
 *
 * It works on TypeScript discriminated unions (the tag key is `type` unless `options.tag` says otherwise) and, unchanged,
 * on the JSON that Swift's `Codable` writes for enums (`{ "event": { "_0": { ... } } }`). The payload of a case:
 * - discriminated union: the value under the key named after the case when there is one
 *   (`{ type: 'message', message }` → `message`), otherwise the narrowed object (`{ type: 'ping', data }` → itself);
 * - Swift Codable: the single unlabeled value (`{ "event": { "_0": x } }` → `x`), otherwise the object under the case
 *   key (labeled values, or `{}` for a case without values).
 *
 * `case` is a reserved word, so the operator is named `caseOf`; it is also exported as `case`, which reads like the
 * Swift original through a namespace import: `import * as op from '@aws/operators'` then `op.case('event')`.
 *
 * @example
 * ```ts
 * const users = frames.pipe(
 *   success<UsersMessage>(),
 *   caseOf('response.success.getUsers'), // Observable<{ users: User[] }>
 *   field('users'),
 * )
 * const texts = frames.pipe(caseOf('message.text')) // Observable<string>
 * const events = actions.pipe(caseOf('added', { tag: 'kind' })) // on { kind: 'added', added: Item } | ...
 * ```
 */
export function caseOf<T, const P extends CasePath<T, Tag>, const Tag extends string = 'type'>(
  path: P,
  options: CaseOptions<Tag> = {},
): Operator<T, CaseValue<T, P, Tag>> {
  const segments = path.split('.');
  const tag: string = options.tag ?? 'type';
  return syncMap((value: T) => {
    let current: unknown = value;
    for (const segment of segments) {
      current = casePayload(current, segment, tag);
      if (current === noCase) return skip;
    }
    return current as CaseValue<T, P, Tag>;
  });
}
