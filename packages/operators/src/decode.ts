import type { Message } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { DecodeError, SchemaError } from './errors.js';
import { isThenable } from './ordered-map.js';
import { fail, ok, type Result } from './result.js';

/** Turns the text of a message into a value. */
export type Decoder = (text: string) => unknown;

// `fatal` makes invalid UTF-8 an error instead of U+FFFD replacement characters that would decode as something else.
let utf8: TextDecoder | undefined;
// Only to quote bytes that are not UTF-8 in the error: there, replacement characters show where the bad bytes are.
let lossy: TextDecoder | undefined;

/** The text of a message; binary is read as strict UTF-8. */
export function messageText(message: Message): Result<string, DecodeError> {
  if (message.type === 'text') return ok(message.text);
  try {
    utf8 ??= new TextDecoder('utf-8', { fatal: true });
    return ok(utf8.decode(message.data));
  } catch (cause) {
    lossy ??= new TextDecoder('utf-8');
    // The error quotes no more than the start: a few hundred bytes are plenty for that.
    return fail(new DecodeError('utf8', { cause, text: lossy.decode(message.data.subarray(0, 512)) }));
  }
}

/** Decodes the text of a message with `decoder`. */
export function decodeText(text: string, decoder: Decoder): Result<unknown, DecodeError> {
  try {
    return ok(decoder(text));
  } catch (cause) {
    return fail(new DecodeError('syntax', { cause, text }));
  }
}

type Validated<T> = Result<T, SchemaError>;

const validated = <T>(outcome: StandardSchemaV1.Result<T>, text: string): Validated<T> =>
  outcome.issues ? fail(new SchemaError(outcome.issues, { text })) : ok(outcome.value);

/**
 * Validates `value`, decoded from `text`, against `schema`; the answer is a promise only when the schema validates
 * asynchronously. The text is there for the error to quote.
 */
export function validate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
  text: string,
): Validated<StandardSchemaV1.InferOutput<S>> | Promise<Validated<StandardSchemaV1.InferOutput<S>>> {
  const outcome = schema['~standard'].validate(value);
  // No closure on the synchronous path: it runs for every message.
  if (!isThenable(outcome)) return validated(outcome, text);
  return Promise.resolve(outcome).then((settled) => validated(settled, text));
}
