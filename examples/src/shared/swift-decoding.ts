/**
 * Reading JSON with the rules of Swift's synthesized `Decodable`, so that a TypeScript server rejects exactly the
 * messages its Swift twin rejects (a plain `JSON.parse` would take any shape).
 */

/** Why a value could not be decoded, and where: the path of keys from the top, as Swift's `codingPath`. */
export class DecodingError extends Error {
  constructor(
    readonly codingPath: string,
    detail: string,
  ) {
    super(`${detail} (at ${codingPath === '' ? 'the top level' : codingPath})`);
  }
}

/** Reads a value found at `path`, or throws a {@link DecodingError}. */
export type Decoder<T> = (value: unknown, path: string) => T;

/** An enum value: the case it holds and the object under the case name, where its payload is. */
export interface EnumCase<Name extends string> {
  readonly name: Name;
  readonly container: Readonly<Record<string, unknown>>;
  readonly path: string;
}

export const string: Decoder<string> = (value, path) => {
  if (typeof value !== 'string') throw mismatch('a string', value, path);
  return value;
};

export const integer: Decoder<number> = (value, path) => {
  if (typeof value !== 'number') throw mismatch('a number', value, path);
  if (!Number.isSafeInteger(value)) throw new DecodingError(path, `Parsed JSON number <${value}> does not fit in Int.`);
  return value;
};

export function arrayOf<T>(element: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw mismatch('an array', value, path);
    return value.map((item: unknown, index) => element(item, `${path}[${index}]`));
  };
}

/** A keyed container: a JSON object. Keys it does not know are ignored by whoever reads it, as in Swift. */
export function keyed(value: unknown, path: string): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw mismatch('an object', value, path);
  return value as Record<string, unknown>;
}

/** A required field. */
export function field<T>(container: Readonly<Record<string, unknown>>, key: string, decoder: Decoder<T>, path: string): T {
  if (!Object.hasOwn(container, key)) throw new DecodingError(path, `No value associated with key "${key}".`);
  return decoder(container[key], join(path, key));
}

/** An optional field (Swift's `decodeIfPresent`): missing and `null` are both `undefined`. */
export function optionalField<T>(
  container: Readonly<Record<string, unknown>>,
  key: string,
  decoder: Decoder<T>,
  path: string,
): T | undefined {
  const value = container[key];
  return value === undefined || value === null ? undefined : decoder(value, join(path, key));
}

/**
 * Reads an enum encoded as SE-0295 does: an object holding exactly one of the case names. Like Swift, it only counts
 * the keys that are case names, so other keys beside the case are ignored; the case's value must be an object.
 */
export function enumCase<Name extends string>(value: unknown, path: string, names: readonly Name[]): EnumCase<Name> {
  const object = keyed(value, path);
  const present = names.filter((name) => Object.hasOwn(object, name));
  const [name] = present;
  if (name === undefined || present.length !== 1) {
    throw new DecodingError(path, `Invalid number of keys found, expected exactly one of ${names.join(', ')}.`);
  }
  const casePath = join(path, name);
  return { name, container: keyed(object[name], casePath), path: casePath };
}

/** The unlabeled payload of an enum case: `case x(Payload)` is `{"x":{"_0":payload}}`. */
export function payload<T>(decoded: EnumCase<string>, decoder: Decoder<T>): T {
  return field(decoded.container, '_0', decoder, decoded.path);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function mismatch(expected: string, value: unknown, path: string): DecodingError {
  return new DecodingError(path, `Expected to decode ${expected} but found ${describe(value)} instead.`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
