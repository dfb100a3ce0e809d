/**
 * Types and run-time steps shared by {@link caseOf} and the {@link Codable} codec: how a value of a tagged union
 * names its case, and what the payload of that case is.
 *
 * Two shapes are understood, member by member:
 * - a TypeScript discriminated union: the tag key (default `type`) holds the case name. The payload is the value under
 *   the key named after the case when there is one (`{ type: 'message', message }` → `message`), otherwise the member
 *   itself (`{ type: 'ping', data }` → the whole object).
 * - the JSON Swift's `Codable` writes for an enum: an object with exactly one key, the case name. The payload is the
 *   single unlabeled value when the case has one (`{ event: { _0: x } }` → `x`), otherwise the object under the key:
 *   the labeled values (`{ getUsers: { count: 2 } }` → `{ count: 2 }`), `{}` for a case without values, or
 *   `{ _0, _1 }` for several unlabeled values.
 *
 * A struct with a single key (`{ users: [...] }`) looks exactly like a Swift enum case, so it is one here too.
 */

type Primitive = string | number | boolean | bigint | symbol | null | undefined;
type Down = [never, 0, 1, 2, 3, 4, 5, 6];

type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;

/** The single key of `T`, or never when `T` has none or several. */
export type OnlyKey<T> = keyof T extends infer K extends string
  ? [K] extends [never]
    ? never
    : string extends K
      ? never
      : true extends IsUnion<K>
        ? never
        : K
  : never;

/** The payload of the Swift Codable case whose value under the case key is `V`. */
export type CodablePayloadOf<V> = [OnlyKey<V>] extends [never] ? V : [OnlyKey<V>] extends ['_0'] ? V[keyof V & '_0'] : V;

type MemberName<M, Tag extends string> = M extends Primitive | readonly unknown[]
  ? never
  : M extends { readonly [K in Tag]: infer N extends string }
    ? string extends N
      ? never
      : N
    : OnlyKey<M>;

/** The case names of the union `T`, in either shape. */
export type CaseName<T, Tag extends string = 'type'> = T extends unknown ? MemberName<T, Tag> : never;

type MemberPayload<M, N extends string, Tag extends string> = M extends { readonly [K in Tag]: N }
  ? N extends Tag
    ? M
    : N extends keyof M
      ? M[N]
      : M
  : OnlyKey<M> extends N
    ? CodablePayloadOf<M[N & keyof M]>
    : never;

/** The payload of case `N` of the union `T`: what {@link caseOf} emits for a one-segment path. */
export type CasePayload<T, N extends string, Tag extends string = 'type'> = T extends unknown
  ? MemberName<T, Tag> extends N
    ? MemberPayload<T, N, Tag>
    : never
  : never;

/** Every path of case names through nested unions, e.g. `'response' | 'response.success' | 'response.success.getUsers'`. */
export type CasePath<T, Tag extends string = 'type', Depth extends number = 7> = [Depth] extends [never]
  ? never
  : {
      [N in CaseName<T, Tag>]: N | `${N}.${CasePath<CasePayload<T, N, Tag>, Tag, Down[Depth]>}`;
    }[CaseName<T, Tag>];

/** The payload at the end of a case path. */
export type CaseValue<T, P extends string, Tag extends string = 'type'> = P extends `${infer Head}.${infer Rest}`
  ? CaseValue<CasePayload<T, Head, Tag>, Rest, Tag>
  : CasePayload<T, P, Tag>;

/** A run-time case step found nothing: the value is not of this case. */
export const noCase: unique symbol = Symbol('noCase');

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The payload of a Swift Codable case from the object under its key. */
export function codablePayload(inner: unknown): unknown {
  if (!isRecord(inner)) return inner;
  const keys = Object.keys(inner);
  return keys.length === 1 && keys[0] === '_0' ? inner._0 : inner;
}

/** The case name of `value` in either shape, or undefined when it is not a case of a tagged union. */
export function caseNameOf(value: unknown, tag: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const name = value[tag];
  if (typeof name === 'string') return name;
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The payload of case `name` of `value`, or {@link noCase} when `value` is another case. */
export function casePayload(value: unknown, name: string, tag: string): unknown {
  if (!isRecord(value)) return noCase;
  const tagged = value[tag];
  // A string under the tag key makes it a member of a discriminated union, matched by its tag only.
  if (typeof tagged === 'string') return tagged !== name ? noCase : name !== tag && name in value ? value[name] : value;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === name ? codablePayload(value[name]) : noCase;
}
