import { kindOf, type DropOptions } from './drop.js';
import type { Operator } from './operator.js';
import { skip } from './ordered-map.js';
import { syncMap } from './sync-map.js';

type Primitive = string | number | boolean | bigint | symbol | null | undefined;
// Counts recursion down so that recursive types (trees, JSON values) give a finite set of paths.
type Down = [never, 0, 1, 2, 3, 4, 5, 6];
type MaxDepth = 7;

/**
 * Every key path into `T`, as dot-separated strings: object keys by name, array elements by index
 * (`'users' | 'users.${number}' | 'users.${number}.name' | ...`). Methods are left out, and paths stop at depth 7.
 * Keys that contain a dot cannot be addressed.
 */
export type FieldPath<T, Depth extends number = MaxDepth> = [Depth] extends [never]
  ? never
  : T extends Primitive | ((...args: never) => unknown)
    ? never
    : T extends readonly (infer Element)[]
      ? number extends T['length']
        ? `${number}` | `${number}.${FieldPath<NonNullable<Element>, Down[Depth]>}`
        : TupleFieldPath<T, Depth>
      : {
          [K in keyof T & string]-?: T[K] extends (...args: never) => unknown
            ? never
            : K | `${K}.${FieldPath<NonNullable<T[K]>, Down[Depth]>}`;
        }[keyof T & string];

type TupleFieldPath<T extends readonly unknown[], Depth extends number> = {
  [K in keyof T & `${number}`]: K | `${K}.${FieldPath<NonNullable<T[K]>, Down[Depth]>}`;
}[keyof T & `${number}`];

// One step of a path on one member of a union: a member without the key contributes nothing, as at run time.
type Step<T, K extends string> = T extends unknown
  ? K extends keyof T
    ? T[K]
    : T extends readonly (infer Element)[]
      ? K extends `${number}`
        ? Element
        : never
      : never
  : never;

/**
 * The type at key path `P` of `T`. `undefined` is left out: a value that is missing along the path is skipped.
 */
export type FieldValue<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? FieldValue<NonNullable<Step<T, Head>>, Rest>
  : Exclude<Step<T, P>, undefined>;

const isIndex = (segment: string): boolean => /^(0|[1-9][0-9]*)$/.test(segment);

/** Reads one segment, or answers `skip` when the value has no such key or index. */
function read(value: unknown, segment: string): unknown {
  if (typeof value !== 'object' || value === null) return skip;
  if (Array.isArray(value)) return isIndex(segment) && Number(segment) < value.length ? value[Number(segment)] : skip;
  return segment in value ? (value as Record<string, unknown>)[segment] : skip;
}

/** Follows `segments` into `value`; `skip` as soon as a key or an index is missing. */
function readPath(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    current = read(current, segment);
    if (current === skip || current === undefined) return skip;
  }
  return current;
}

/** Why `segments` lead to no value in `value`, for `onDrop`: the first step that found nothing. */
function missing(value: unknown, segments: readonly string[]): string {
  const wanted = `no value at "${segments.join('.')}"`;
  let current = value;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string;
    const at = index === 0 ? 'the element' : `"${segments.slice(0, index).join('.')}"`;
    if (typeof current !== 'object' || current === null) return `${wanted}: ${at} is ${kindOf(current)}`;
    const next = read(current, segment);
    if (next === skip) {
      return Array.isArray(current)
        ? `${wanted}: ${at} has no index ${segment} (its length is ${current.length})`
        : `${wanted}: ${at} has no key "${segment}"`;
    }
    if (next === undefined) return `${wanted}: "${segments.slice(0, index + 1).join('.')}" is undefined`;
    current = next;
  }
  return wanted;
}

/**
 * Emits the value at a key path of each element, like Swift's `field(\.users[0].name)`. Array elements are addressed
 * by index (`'users.0.name'`). When a key or an index is missing (or its value is `undefined`) the element is skipped:
 * it never throws. `options.onDrop` is called with each skipped element and the step that found nothing. The path is
 * checked against the element type by the compiler, with completion.
 *
 * @example
 * ```ts
 * messages.pipe(
 *   caseOf('response.success.getUsers'),
 *   field('users.0.name'), // Observable<string>: the name of the first user, skipped when the list is empty
 * )
 * pages.pipe(field('users.0.name', { onDrop: (page, reason) => console.debug(reason) }))
 * // no value at "users.0.name": "users" has no index 0 (its length is 0)
 * ```
 */
export function field<T, const P extends FieldPath<T>>(path: P, options: DropOptions<NoInfer<T>> = {}): Operator<T, FieldValue<T, P>> {
  const segments = path.split('.');
  const { onDrop } = options;
  if (onDrop === undefined) return syncMap((value: T) => readPath(value, segments) as FieldValue<T, P>, { pure: true });
  return syncMap((value: T) => {
    const found = readPath(value, segments);
    if (found === skip) onDrop(value, missing(value, segments));
    return found as FieldValue<T, P>;
  });
}
