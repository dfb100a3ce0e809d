import { codablePayload, isRecord, type CodablePayloadOf, type OnlyKey } from './case-path.js';

/** The associated values of a Swift enum case: a tuple for unlabeled values, an object for labeled ones. */
export type AssociatedValues = readonly unknown[] | object;

type Positional<V extends readonly unknown[]> = { readonly [I in keyof V & `${number}` as `_${I}`]: V[I] };

/**
 * The JSON of one case of a Swift `Codable` enum: `{ name: values }`, with unlabeled values under `_0`, `_1`, ...,
 * labeled values by label, and `{}` for a case without values (SE-0295).
 *
 * @example
 * ```ts
 * type Single = CodableCase<'single', [RequestType]>   // { single: { _0: RequestType } }
 * type GetUsers = CodableCase<'getUsers', { count: 1 | 2 | 3 }> // { getUsers: { count: 1 | 2 | 3 } }
 * type Start = CodableCase<'startStream'>              // { startStream: {} }
 * ```
 */
export type CodableCase<Name extends string, Values extends AssociatedValues = []> = {
  readonly [K in Name]: Values extends readonly unknown[] ? Positional<Values> : Values;
};

/**
 * The JSON of a Swift `Codable` enum, declared case by case as in Swift. This is the TypeScript representation of a
 * Swift enum here: the very JSON Swift writes and reads, so no conversion stands between the two sides, and
 * {@link caseOf} and {@link field} work on it directly.
 *
 * @example
 * ```ts
 * // enum RequestType: Codable { case getUsers(count: Count); case startStream; case stopStream }
 * type RequestType = CodableEnum<{ getUsers: { count: 1 | 2 | 3 }; startStream: []; stopStream: [] }>
 * // enum Request: Codable { case single(RequestType); case batch([RequestType]) }
 * type Request = CodableEnum<{ single: [RequestType]; batch: [RequestType[]] }>
 * ```
 */
export type CodableEnum<Cases extends { readonly [name: string]: AssociatedValues }> = {
  [N in keyof Cases & string]: CodableCase<N, Cases[N]>;
}[keyof Cases & string];

/** The case names of a Codable enum type. */
export type CodableCaseName<E> = E extends unknown ? OnlyKey<E> : never;

type ValuesOf<E, N extends string> = E extends unknown ? (OnlyKey<E> extends N ? E[N & keyof E] : never) : never;

type ToTuple<P, Done extends unknown[] = []> = `_${Done['length']}` extends keyof P
  ? ToTuple<P, [...Done, P[`_${Done['length']}` & keyof P]]>
  : Done;

/** The arguments that build case `N` of `E`: nothing, a tuple of unlabeled values, or the labeled values. */
export type CodableCaseArguments<E, N extends string> =
  ValuesOf<E, N> extends infer P
    ? [keyof P] extends [never]
      ? [values?: readonly []]
      : string extends keyof P
        ? [values: P]
        : '_0' extends keyof P
          ? [values: ToTuple<P>]
          : [values: P]
    : never;

/**
 * A case of one Swift Codable enum, read for a `switch`: its name, and its payload as {@link caseOf} emits it (the
 * single unlabeled value, otherwise the object of values).
 */
export type CodableCaseView<E> = E extends unknown
  ? { readonly case: OnlyKey<E>; readonly value: CodablePayloadOf<E[OnlyKey<E> & keyof E]> }
  : never;

/**
 * The constructors of the cases of `E`, one per case name, taking that case's {@link CodableCaseArguments}.
 */
export type CodableConstructors<E> = {
  readonly [N in CodableCaseName<E>]: (...values: CodableCaseArguments<E, N>) => E;
};

/** Builds the JSON of case `name`: unlabeled values under `_0`, `_1`, ..., labeled values as they are. */
function makeCase(name: string, values: unknown): Record<string, unknown> {
  const payload = Array.isArray(values) ? Object.fromEntries(values.map((value: unknown, index) => [`_${index}`, value])) : (values ?? {});
  return { [name]: payload };
}

function cases<E>(): CodableConstructors<E> {
  // Any name is a constructor, since the case names only exist in the type; `then` stays undefined so that the
  // object is not mistaken for a promise.
  return new Proxy({} as CodableConstructors<E>, {
    get: (_target, name) => (typeof name === 'string' && name !== 'then' ? (values?: unknown) => makeCase(name, values) : undefined),
  });
}

function readCase<E>(value: E): CodableCaseView<E> {
  const keys = isRecord(value) ? Object.keys(value) : [];
  if (keys.length !== 1 || !isRecord(value)) throw new TypeError('not a Swift Codable enum value: it needs exactly one key');
  const name = keys[0] as string;
  return { case: name, value: codablePayload(value[name]) } as CodableCaseView<E>;
}

// JSON.stringify puts each key at the start of its line; Swift's pretty printer writes `"key" : value`.
const keyColon = /^(\s*"(?:[^"\\]|\\.)*"): /gm;
// An empty object or array ends its line (a string ending in `{}` ends with its quote); Swift opens a line after the
// bracket even when nothing follows, so it spans three lines.
const emptyContainer = /^( *)(.*)(\{\}|\[\])(,?)$/gm;
const openEmpty = (_line: string, indent: string, before: string, pair: string, comma: string): string =>
  `${indent}${before}${pair.charAt(0)}\n\n${indent}${pair.charAt(1)}${comma}`;

/** Options of `Codable.encode`. */
export interface EncodeOptions {
  /** Format as Swift's `JSONEncoder` with `.prettyPrinted`: two-space indent, `"key" : value`, empty containers on
   * three lines. Without it, compact JSON, as Swift's default `JSONEncoder` writes.
   * @default false */
  readonly pretty?: boolean;
}

// Swift's JSONEncoder refuses NaN and the infinities; JSON.stringify would quietly write null instead.
function finiteOnly(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
  return value;
}

function encode(value: unknown, options: EncodeOptions = {}): string {
  const text =
    options.pretty === true
      ? JSON.stringify(value, finiteOnly, 2).replace(keyColon, '$1 : ').replace(emptyContainer, openEmpty)
      : JSON.stringify(value, finiteOnly);
  // A slash only ever appears inside a string in JSON; Swift escapes it there.
  return text.replaceAll('/', '\\/');
}

/**
 * Talks to Swift servers and clients in the JSON that Swift's `Codable` writes for enums:
 * - `Codable.cases<E>()` gives the constructors of the cases of `E`, typed: `Request.single([value])` takes a tuple
 *   of the unlabeled values, `RequestType.getUsers({ count: 2 })` the labeled values, `RequestType.startStream()`
 *   nothing;
 * - `Codable.read(value)` reads a case for a `switch`: `{ case, value }`;
 * - `Codable.encode(value, { pretty })` writes JSON byte for byte as Swift's `JSONEncoder` does (`/` escaped as `\/`), with
 *   `pretty` as its `.prettyPrinted` output.
 *
 * Decode with {@link json} or {@link success} (a schema is the way to check the shape) and take cases apart with
 * {@link caseOf}, which understands this shape unchanged.
 *
 * @example
 * ```ts
 * const Message = Codable.cases<Message>(), Request = Codable.cases<Request>(), RequestType = Codable.cases<RequestType>()
 * // Swift: Message.request(.single(.getUsers(count: .two)))
 * const message = Message.request([Request.single([RequestType.getUsers({ count: 2 })])])
 * await connection.send(Frame.text(Codable.encode(message))) // {"request":{"_0":{"single":{"_0":{"getUsers":{"count":2}}}}}}
 *
 * const step = Codable.read(response) // { case: 'success', value: Response } | { case: 'failure', value: RequestError }
 * if (step.case === 'failure') console.warn(step.value.code)
 * ```
 */
export const Codable = { cases, read: readCase, encode } as const;
