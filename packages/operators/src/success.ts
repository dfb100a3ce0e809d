import type { Frame } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { DropOptions } from './drop.js';
import type { JsonError } from './errors.js';
import { decodeWith, type JsonOptions, type JsonSchemaOptions } from './json.js';
import type { Operator } from './operator.js';
import { isThenable, orderedMap, skip } from './ordered-map.js';
import type { Result } from './result.js';
import { syncMap } from './sync-map.js';

const value = (result: Result<unknown>): unknown => (result.ok ? result.value : skip);

/**
 * Decodes every text and binary message like {@link json} and emits only the values that decoded (and, with a
 * `schema`, that have its shape); the others are dropped, like Swift's `success(of:)`. To see them, give `onDrop`:
 * it gets each dropped frame and why (the message of the {@link DecodeError} or {@link SchemaError}, with the path
 * of the first schema issue and the start of the text; or `a ping frame is not a message`). Use {@link json} to
 * handle the failures in the stream instead.
 *
 * Without a schema, the type parameter is an unchecked cast, as with {@link json}.
 *
 * @example
 * ```ts
 * const messages = frames.pipe(success({ schema: MessageSchema })) // only well-formed messages
 * const unchecked = frames.pipe(success<Message>()) // trusts the peer
 * frames.pipe(success({ schema: MessageSchema, onDrop: (frame, reason) => console.warn('dropped:', reason) }))
 * ```
 */
export function success<S extends StandardSchemaV1>(
  options: JsonSchemaOptions<S> & DropOptions<Frame>,
): Operator<Frame, StandardSchemaV1.InferOutput<S>>;
export function success<T = unknown>(options?: JsonOptions & DropOptions<Frame>): Operator<Frame, T>;
export function success(options: JsonOptions & DropOptions<Frame> & { readonly schema?: StandardSchemaV1 } = {}): Operator<Frame, unknown> {
  const decode = decodeWith(options);
  const decoder = options.decoder ?? JSON.parse;
  const { onDrop } = options;
  // One step: filter, decode and unwrap, rather than json's step followed by another layer that unwraps.
  if (onDrop !== undefined) {
    // Every failure is needed as an error here, for its reason: the general path, which is only taken when asked.
    const unwrap = (frame: Frame, result: Result<unknown, JsonError>): unknown => {
      if (result.ok) return result.value;
      onDrop(frame, result.error.message);
      return skip;
    };
    return orderedMap((frame: Frame) => {
      if (frame.type !== 'message') {
        onDrop(frame, `a ${frame.type} frame is not a message`);
        return skip;
      }
      const result = decode(frame.message);
      return isThenable(result) ? result.then((settled) => unwrap(frame, settled)) : unwrap(frame, result);
    });
  }
  if (options.schema === undefined) {
    // Without a schema a failure is dropped whatever it was: text needs no Result at all (binary still goes through
    // the strict UTF-8 check). JSON.parse never answers a promise, so the default decoder's step is a syncMap (no
    // promise check per message, and it fuses with a caseOf or field after it); a custom decoder may be async.
    const step = (frame: Frame): unknown => {
      if (frame.type !== 'message') return skip;
      if (frame.message.type === 'binary') return value(decode(frame.message) as Result<unknown>);
      try {
        return decoder(frame.message.text);
      } catch {
        return skip;
      }
    };
    return decoder === JSON.parse ? syncMap(step, { pure: true }) : orderedMap(step);
  }
  return orderedMap((frame: Frame) => {
    if (frame.type !== 'message') return skip;
    const result = decode(frame.message);
    return isThenable(result) ? result.then(value) : value(result);
  });
}
