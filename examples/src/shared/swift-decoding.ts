/**
 * Reading JSON with the rules of Swift's synthesized `Decodable`, so that a TypeScript server rejects exactly the
 * messages its Swift twin rejects (a plain `JSON.parse` would take any shape).
 *
 * The failures are worded for the person writing a client, not after Swift's own descriptions: where (the path of
 * keys), what was expected there, and what was found, e.g.
 * `at request._0: expected a Request: exactly one key of getRandomEmojiList, startStream, stopStream; got {"startStreaming":{}}`.
 * The Swift server sends its `DecodingError` description instead; no client depends on the wording, only on the
 * `malformedJSONResquest` reason around it.
 */

/** How many characters of the value found a failure quotes: enough to recognize it, not a whole message. */
export const quoteLength = 80;

/**
 * Why a value could not be decoded, and where: the path of keys from the top (Swift's `codingPath`, `''` for the
 * top level), what was expected there, and the start of what was found.
 */
export class DecodingError extends Error {
  constructor(
    readonly codingPath: string,
    readonly expected: string,
    readonly found: string,
    hint?: string,
  ) {
    const where = codingPath === '' ? 'the top level' : codingPath;
    super(`at ${where}: expected ${expected}; got ${found}${hint === undefined ? '' : `. ${hint}`}`);
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

/** An enum type as {@link enumCase} reads it: its Swift name, for the failures, and its case names. */
export interface EnumType<Name extends string> {
  readonly name: string;
  readonly cases: readonly Name[];
  /** A hint for a value that is none of the cases, e.g. what a common wrong guess should have been. */
  readonly hint?: (object: Readonly<Record<string, unknown>>) => string | undefined;
}

/** The start of `text`, at most {@link quoteLength} characters, with `…` when it was cut. */
export function bounded(text: string): string {
  if (text.length <= quoteLength) return text;
  const cut = text.slice(0, quoteLength);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** A decoded JSON value as a failure shows it: compact JSON, bounded. */
export function quote(value: unknown): string {
  return bounded(JSON.stringify(value) ?? String(value));
}

export const string: Decoder<string> = (value, path) => {
  if (typeof value !== 'string') throw mismatch('a string', value, path);
  return value;
};

export const integer: Decoder<number> = (value, path) => {
  if (typeof value !== 'number') throw mismatch('an integer', value, path);
  if (!Number.isSafeInteger(value)) throw mismatch("an integer that fits in Swift's Int", value, path);
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
  if (!Object.hasOwn(container, key)) throw mismatch(`the key "${key}"`, container, path);
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
export function enumCase<Name extends string>(value: unknown, path: string, type: EnumType<Name>): EnumCase<Name> {
  const expected = `${article(type.name)} ${type.name}: exactly one key of ${type.cases.join(', ')}`;
  const object = keyed(value, path);
  const present = type.cases.filter((name) => Object.hasOwn(object, name));
  const [name] = present;
  if (name === undefined || present.length !== 1) throw new DecodingError(path, expected, quote(object), type.hint?.(object));
  const casePath = join(path, name);
  return { name, container: keyed(object[name], casePath), path: casePath };
}

/** The unlabeled payload of an enum case: `case x(Payload)` is `{"x":{"_0":payload}}`. */
export function payload<T>(decoded: EnumCase<string>, decoder: Decoder<T>): T {
  if (!Object.hasOwn(decoded.container, '_0')) {
    throw mismatch(`the key "_0", which holds the value of the case ${decoded.name}`, decoded.container, decoded.path);
  }
  return decoder(decoded.container._0, join(decoded.path, '_0'));
}

/** The text of a message, that is no JSON at all. */
export function notJson(text: string, error: unknown): DecodingError {
  const detail = error instanceof Error ? ` (${error.message})` : '';
  return new DecodingError('', `valid JSON${detail}`, text === '' ? 'nothing' : bounded(text));
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function mismatch(expected: string, value: unknown, path: string): DecodingError {
  return new DecodingError(path, expected, quote(value));
}

const article = (word: string): string => (/^[AEIOUaeiou]/.test(word) ? 'an' : 'a');
