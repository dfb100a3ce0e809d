/** A JSON value. `undefined` object fields are left out, as Swift leaves out a `nil` optional. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

/**
 * Writes JSON the way Swift's `JSONEncoder` with `.prettyPrinted` does, so that the servers' frames look byte for byte
 * like their Swift twins': two-space indent, `"key" : value`, an empty object or array as an open bracket, an empty
 * line and the closing bracket, and `/` escaped as `\/`. Keys keep their insertion order.
 *
 * @example
 * ```ts
 * swiftPrettyJSON({ startStream: {} }) // '{\n  "startStream" : {\n\n  }\n}'
 * ```
 */
export function swiftPrettyJSON(value: Json): string {
  return write(value, 0);
}

function write(value: Json, depth: number): string {
  if (value === null || typeof value !== 'object') return writeScalar(value);
  if (isArray(value)) return writeContainer('[', ']', value.map((element) => write(element, depth + 1)), depth);
  const members = Object.entries(value)
    .filter((entry): entry is [string, Json] => entry[1] !== undefined)
    .map(([key, member]) => `${writeString(key)} : ${write(member, depth + 1)}`);
  return writeContainer('{', '}', members, depth);
}

// Swift opens a line after the bracket even when nothing follows, which is why an empty container spans three lines.
function writeContainer(open: string, close: string, members: string[], depth: number): string {
  const inner = indent(depth + 1);
  return `${open}\n${members.map((member) => inner + member).join(',\n')}\n${indent(depth)}${close}`;
}

function writeScalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return writeString(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
  return JSON.stringify(value);
}

// JSON.stringify escapes exactly what Swift escapes (quote, backslash, control characters), except the slash.
function writeString(text: string): string {
  return JSON.stringify(text).replaceAll('/', '\\/');
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}

// Array.isArray does not narrow a readonly array out of a union, this does.
function isArray(value: object): value is readonly Json[] {
  return Array.isArray(value);
}
