import type { Message } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { DecodeError, SchemaError } from './errors.js';
import { isThenable } from './ordered-map.js';
import { fail, ok, type Result } from './result.js';

/** Turns the text of a message into a value. */
export type Decoder = (text: string) => unknown;

// `fatal` makes invalid UTF-8 an error instead of U+FFFD replacement characters that would decode as something else.
let utf8: TextDecoder | undefined;

/** The text of a message; binary is read as strict UTF-8. */
export function messageText(message: Message): Result<string, DecodeError> {
  if (message.type === 'text') return ok(message.text);
  try {
    utf8 ??= new TextDecoder('utf-8', { fatal: true });
    return ok(utf8.decode(message.data));
  } catch (cause) {
    return fail(new DecodeError('utf8', { cause }));
  }
}

/** Decodes a message, text and binary alike, with `decoder`. */
export function decodeMessage(message: Message, decoder: Decoder): Result<unknown, DecodeError> {
  const text = messageText(message);
  if (!text.ok) return text;
  try {
    return ok(decoder(text.value));
  } catch (cause) {
    return fail(new DecodeError('syntax', { cause }));
  }
}

type Validated<T> = Result<T, SchemaError>;

const toResult = <T>(outcome: StandardSchemaV1.Result<T>): Validated<T> =>
  outcome.issues ? fail(new SchemaError(outcome.issues)) : ok(outcome.value);

/** Validates `value` against `schema`; the answer is a promise only when the schema validates asynchronously. */
export function validate<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): Validated<StandardSchemaV1.InferOutput<S>> | Promise<Validated<StandardSchemaV1.InferOutput<S>>> {
  const outcome = schema['~standard'].validate(value);
  return isThenable(outcome) ? Promise.resolve(outcome).then(toResult) : toResult(outcome);
}
