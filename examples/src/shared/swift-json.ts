import { Codable } from '@aws/operators';

/** A JSON value. `undefined` object fields are left out, as Swift leaves out a `nil` optional. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

/**
 * Writes JSON the way Swift's `JSONEncoder` with `.prettyPrinted` does, so that the servers' frames look byte for byte
 * like their Swift twins': two-space indent, `"key" : value`, an empty object or array as an open bracket, an empty
 * line and the closing bracket, and `/` escaped as `\/`. Keys keep their insertion order. It is the operators'
 * `Codable.encode`, which a Swift peer reads and writes alike.
 *
 * @example
 * ```ts
 * swiftPrettyJSON({ startStream: {} }) // '{\n  "startStream" : {\n\n  }\n}'
 * ```
 */
export function swiftPrettyJSON(value: Json): string {
  return Codable.encode(value, { pretty: true });
}
