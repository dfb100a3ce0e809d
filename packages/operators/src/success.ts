import type { Frame } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { json, type JsonOptions, type JsonSchemaOptions } from './json.js';
import type { Operator } from './operator.js';
import { orderedMap, skip } from './ordered-map.js';
import type { Result } from './result.js';

const value = (result: Result<unknown>): unknown => (result.ok ? result.value : skip);

/**
 * Decodes every text and binary message like {@link json} and emits only the values that decoded (and, with a
 * `schema`, that have its shape); the others are dropped silently, like Swift's `success(of:)`. Use {@link json} to
 * see the failures.
 *
 * Without a schema, the type parameter is an unchecked cast, as with {@link json}.
 *
 * @example
 * ```ts
 * const messages = frames.pipe(success({ schema: MessageSchema })) // only well-formed messages
 * const unchecked = frames.pipe(success<Message>()) // trusts the peer
 * ```
 */
export function success<S extends StandardSchemaV1>(options: JsonSchemaOptions<S>): Operator<Frame, StandardSchemaV1.InferOutput<S>>;
export function success<T = unknown>(options?: JsonOptions): Operator<Frame, T>;
export function success(options: JsonOptions & { readonly schema?: StandardSchemaV1 } = {}): Operator<Frame, unknown> {
  const results = json(options as JsonSchemaOptions<StandardSchemaV1>);
  const values = orderedMap(value);
  return (source) => values(results(source));
}
