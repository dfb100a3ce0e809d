import { caseNameOf, casePayload, isRecord, noCase, type CasePath, type CaseValue } from './case-path.js';
import { kindOf, type DropOptions } from './drop.js';
import type { Operator } from './operator.js';
import { skip } from './ordered-map.js';
import { syncMap } from './sync-map.js';

/** Options of {@link caseOf}: the tag key, and `onDrop` to see the elements of other cases. */
export interface CaseOptions<Tag extends string, T = unknown> extends DropOptions<T> {
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
 * Elements of other cases are dropped; `options.onDrop` is called with each one and why (`expected case "success"
 * after "response", got case "failure"`), to find out why nothing arrives.
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
 * messages.pipe(caseOf('response.success', { onDrop: (message, reason) => console.debug('not a success:', reason) }))
 * ```
 */
export function caseOf<T, const P extends CasePath<T, Tag>, const Tag extends string = 'type'>(
  path: P,
  options: CaseOptions<Tag, NoInfer<T>> = {},
): Operator<T, CaseValue<T, P, Tag>> {
  const segments = path.split('.');
  const tag: string = options.tag ?? 'type';
  const { onDrop } = options;
  // Without onDrop, the step of every element stays as lean as it was: the reasons are only worked out when asked for.
  if (onDrop === undefined) {
    return syncMap(
      (value: T) => {
        let current: unknown = value;
        for (const segment of segments) {
          current = casePayload(current, segment, tag);
          if (current === noCase) return skip;
        }
        return current as CaseValue<T, P, Tag>;
      },
      { pure: true },
    );
  }
  return syncMap((value: T) => {
    let current: unknown = value;
    for (let index = 0; index < segments.length; index++) {
      const next = casePayload(current, segments[index] as string, tag);
      if (next === noCase) {
        onDrop(value, mismatch(current, segments, index, tag));
        return skip;
      }
      current = next;
    }
    return current as CaseValue<T, P, Tag>;
  });
}

/** Why the value reached at `segments[index]` is not that case, for `onDrop`. */
function mismatch(value: unknown, segments: readonly string[], index: number, tag: string): string {
  const after = index === 0 ? '' : ` after "${segments.slice(0, index).join('.')}"`;
  return `expected case "${segments[index]}"${after}, got ${describeCase(value, tag)}`;
}

function describeCase(value: unknown, tag: string): string {
  const name = caseNameOf(value, tag);
  if (name !== undefined) return `case "${name}"`;
  if (!isRecord(value)) return kindOf(value);
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object, which is no case';
  const listed = keys.length > 5 ? `${keys.slice(0, 5).join(', ')}, …` : keys.join(', ');
  return `an object of ${keys.length} keys (${listed}) without a "${tag}" tag, which is no case`;
}
