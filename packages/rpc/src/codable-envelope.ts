import { Frame } from '@aws/client';
import { Codable, json } from '@aws/operators';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { map, type Observable } from 'rxjs';
import type { ClientCodec, Incoming, Outcome } from './codec.js';
import { ProtocolError, RemoteError } from './errors.js';

/** Options of {@link codableEnvelope}: the case names of the Swift enums that carry the requests and the answers. */
export interface CodableEnvelopeOptions {
  /** Wraps a request into the message that is sent. @default `{ request: { _0: request } }` (`Message.request(request)`) */
  readonly wrap?: (request: unknown) => unknown;
  /** The case of a message that carries an answer. @default 'response' */
  readonly response?: string;
  /** The case of a message that carries an event. @default 'event' */
  readonly event?: string;
  /** The case of an answer that succeeded (the Emojis protocol spells it `succcess`). @default 'success' */
  readonly success?: string;
  /** The case of an answer that failed. @default 'failure' */
  readonly failure?: string;
  /** Send binary frames of UTF-8 JSON instead of text frames. @default false */
  readonly binary?: boolean;
  /** A Standard Schema of every received message: a message of another shape is reported to `onProblem`. */
  readonly schema?: StandardSchemaV1;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The case name and payload of a Codable enum value, or undefined for anything else. */
function read(value: unknown): { readonly case: string; readonly value: unknown } | undefined {
  if (!isRecord(value) || Object.keys(value).length !== 1) return undefined;
  return Codable.read(value) as { case: string; value: unknown };
}

/** A Swift error value as a {@link RemoteError}: its `code` (or `reason`) case names it, `message`/`reason` say why. */
function remoteError(error: unknown): RemoteError {
  const fields = isRecord(error) ? error : {};
  const code = read(fields.code) ?? read(fields.reason);
  const text = [fields.message, fields.reason].find((part): part is string => typeof part === 'string');
  const message = text ?? (code === undefined ? 'the request failed' : `the request failed with ${code.case}`);
  return new RemoteError(message, code?.case, error);
}

/** What a failure answers: the oldest pending call, whatever it was. */
const failed: unique symbol = Symbol('failed');

/**
 * The client codec of the Swift `Codable` envelope the seed's servers speak (the Users and Emojis protocols):
 * a request goes as `{"request":{"_0":request}}` (or what `wrap` makes of it), an answer comes as
 * `{"response":{"_0":{"success":{"_0":response}}}}` or `{"response":{"_0":{"failure":{"_0":error}}}}`, and
 * `{"event":{"_0":event}}` is an event. There are no ids: the answer of case `getUsers` is for the oldest pending
 * call of case `getUsers`, a failure for the oldest pending call. The call resolves with the payload of the response
 * case (`{ users }` for `getUsers`), and rejects with a {@link RemoteError} on a failure. Messages are decoded with
 * `json` / `success` from `@aws/operators`, and written as Swift's `JSONEncoder` does (`Codable.encode`).
 *
 * @example
 * ```ts
 * // The Users protocol: requests inside `single`, sent as binary frames.
 * const users = codableEnvelope({ wrap: (request) => ({ request: { _0: { single: { _0: request } } } }), binary: true })
 * ```
 */
export function codableEnvelope(options: CodableEnvelopeOptions = {}): ClientCodec {
  const {
    wrap = (request: unknown) => ({ request: { _0: request } }),
    response = 'response',
    event = 'event',
    success: succeeded = 'success',
    failure = 'failure',
    schema,
  } = options;
  const encoder = new TextEncoder();
  const classify = (message: unknown): Incoming => {
    const outer = read(message);
    if (outer?.case === event) return { type: 'event', event: outer.value };
    if (outer?.case !== response) return { type: 'other', message };
    const result = read(outer.value);
    if (result?.case === failure) return { type: 'answer', reply: failed, outcome: { ok: false, error: remoteError(result.value) } };
    const answer = result?.case === succeeded ? read(result.value) : undefined;
    if (answer === undefined)
      return { type: 'invalid', error: new ProtocolError('malformed', `a ${response} that is neither ${succeeded} nor ${failure}`) };
    const outcome: Outcome = { ok: true, value: answer.value };
    return { type: 'answer', reply: answer.case, outcome };
  };
  return {
    encode(request) {
      const text = Codable.encode(wrap(request));
      return options.binary === true ? Frame.binary(encoder.encode(text)) : Frame.text(text);
    },
    decode(frames: Observable<Frame>) {
      return frames.pipe(
        schema === undefined ? json() : json({ schema }),
        map((decoded): Incoming => {
          if (decoded.ok) return classify(decoded.value);
          return { type: 'invalid', error: new ProtocolError('malformed', decoded.error.message, { cause: decoded.error }) };
        }),
      );
    },
    matches: (request, reply) => reply === failed || read(request)?.case === reply,
  };
}
