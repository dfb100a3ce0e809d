import type { Frame, Message } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { decodeText, messageText, validate, type Decoder } from './decode.js';
import type { DecodeError, JsonError } from './errors.js';
import type { Operator } from './operator.js';
import { orderedMap, skip, type Skip } from './ordered-map.js';
import type { Result } from './result.js';
import { syncMap } from './sync-map.js';

/** Options of {@link json} and {@link success}. */
export interface JsonOptions {
  /** Turns the text of a message into a value; used for text and binary messages alike (binary is read as UTF-8).
   * @default JSON.parse */
  readonly decoder?: Decoder;
}

/** Options of {@link json} and {@link success} with a schema that checks the shape of every decoded value. */
export interface JsonSchemaOptions<S extends StandardSchemaV1> extends JsonOptions {
  /** A Standard Schema (zod, valibot, arktype, ...): a value of the wrong shape becomes a {@link SchemaError}. */
  readonly schema: S;
}

/** Decodes one message, then checks it against the schema when there is one. */
export function decodeWith(
  options: JsonOptions & { readonly schema?: StandardSchemaV1 },
): (message: Message) => Result<unknown, JsonError> | Promise<Result<unknown, JsonError>> {
  const decoder = options.decoder ?? JSON.parse;
  const { schema } = options;
  return (message) => {
    const text = messageText(message);
    if (!text.ok) return text;
    const decoded = decodeText(text.value, decoder);
    return schema === undefined || !decoded.ok ? decoded : validate(schema, decoded.value, text.value);
  };
}

/**
 * Decodes every text and binary message as JSON and emits the outcome as a {@link Result}, like Swift's
 * `json(of:)`; pings, pongs and the close frame are dropped. A failure does not end the stream: binary that is not
 * UTF-8 and text the decoder rejects give a {@link DecodeError}, and with a `schema` a value of the wrong shape gives
 * a {@link SchemaError} carrying the schema's issues (its message names the path of the first one). Both quote the
 * start of the offending text, in their message and their `excerpt`. A custom `decoder` is used for text and binary
 * alike.
 *
 * Without a schema, the type parameter is a cast the compiler trusts and nothing checks: `json<Message>()` claims
 * every decoded value is a `Message`. Pass a schema when the peer may send anything else. Schemas that validate
 * asynchronously are awaited without reordering the stream.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * const User = v.object({ id: v.number(), name: v.string() })
 *
 * frames.pipe(json({ schema: User })).subscribe((result) => {
 *   if (result.ok) console.log(result.value.name)
 *   else console.warn(result.error._tag, result.error.message)
 * })
 * frames.pipe(json<Message>()) // unchecked: Observable<Result<Message, DecodeError>>
 * ```
 */
export function json<S extends StandardSchemaV1>(
  options: JsonSchemaOptions<S>,
): Operator<Frame, Result<StandardSchemaV1.InferOutput<S>, JsonError>>;
export function json<T = unknown>(options?: JsonOptions): Operator<Frame, Result<T, DecodeError>>;
export function json(options: JsonOptions & { readonly schema?: StandardSchemaV1 } = {}): Operator<Frame, Result<unknown, JsonError>> {
  const decode = decodeWith(options);
  // One step for the frame filter and the decoding: every operator layer costs calls on every message.
  const step = (frame: Frame) => (frame.type === 'message' ? decode(frame.message) : skip);
  // Only a schema can answer a promise (an async one): without, the step is a syncMap, which fuses with what follows.
  // With JSON.parse it has no side effects, so a for await loop may run it as it takes each frame.
  if (options.schema !== undefined) return orderedMap(step);
  const pure = (options.decoder ?? JSON.parse) === JSON.parse;
  return syncMap(step as (frame: Frame) => Result<unknown, JsonError> | Skip, { pure });
}
