import { Frame, type Message } from '@aws/client';
import { Codable } from '@aws/operators';
import { HandlerError } from './errors.js';
import type { ServerCall, ServerCodec, ServerRefusal } from './server-codec.js';

/** Options of {@link codableServerCodec}: the case names of the envelope, and how it is written. */
export interface CodableServerCodecOptions {
  /** The requests a message carries, or undefined when it is none of the protocol's. @default `{ request: { _0: r } }` gives `[r]` */
  readonly unwrap?: (message: unknown) => readonly unknown[] | undefined;
  /** The case of an answer message. @default 'response' */
  readonly response?: string;
  /** The case of an event message. @default 'event' */
  readonly event?: string;
  /** The case of a success. @default 'success' */
  readonly success?: string;
  /** The case of a failure. @default 'failure' */
  readonly failure?: string;
  /** The error value of a failure. @default the error's `data`, or `{ reason: message }` without */
  readonly failureOf?: (error: HandlerError) => unknown;
  /** Which request ends which subscription: `{ stopStream: 'startStream' }`. @default none */
  readonly unsubscribe?: Readonly<Record<string, string>>;
  /** Write binary frames of UTF-8 JSON instead of text frames. @default false */
  readonly binary?: boolean;
  /** Write as Swift's `.prettyPrinted` does. @default false */
  readonly pretty?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A payload as Swift's `Codable` writes a case's value: `{}` for none, `{ _0: value }` for one. */
const payload = (value: unknown): unknown => (value === undefined || value === null ? {} : { _0: value });

function parse(message: Message): unknown {
  try {
    return JSON.parse(message.type === 'text' ? message.text : utf8.decode(message.data));
  } catch {
    return undefined;
  }
}

/**
 * The server codec of the Swift `Codable` envelope, for {@link rpcService}: the counterpart of
 * {@link codableEnvelope}. A request `{ getUsers: { count: 2 } }` calls the handler `getUsers` with `{ count: 2 }`
 * (the payload under `_0`, when that is its only key); its result is answered
 * `{"response":{"_0":{"success":{"_0":{"getUsers":{"_0":result}}}}}}` (`{"getUsers":{}}` for no result), a failure
 * `{"response":{"_0":{"failure":{"_0":error}}}}`, each in its own frame and in request order (the protocol has no
 * ids), and subscription events `{"event":{"_0":event}}`.
 *
 * @example
 * ```ts
 * const users = codableServerCodec({
 *   unwrap: (message) => ..., // single → [request], batch → its requests
 *   unsubscribe: { stopStream: 'startStream' },
 *   binary: true, pretty: true,
 * })
 * server.register('/users', rpcService(users, handlers))
 * ```
 */
export function codableServerCodec(options: CodableServerCodecOptions = {}): ServerCodec {
  const {
    unwrap = (message: unknown) =>
      isRecord(message) && isRecord(message.request) && '_0' in message.request ? [message.request._0] : undefined,
    response = 'response',
    event = 'event',
    success = 'success',
    failure = 'failure',
    failureOf = (error: HandlerError) => (error.data === undefined ? { reason: error.message } : error.data),
    unsubscribe = {},
  } = options;
  const encoder = new TextEncoder();
  const frame = (value: unknown): Frame => {
    const text = Codable.encode(value, { pretty: options.pretty === true });
    return options.binary === true ? Frame.binary(encoder.encode(text)) : Frame.text(text);
  };
  const answer = (result: unknown): unknown => ({ [response]: { _0: result } });
  const succeeded = (call: ServerCall, value: unknown): unknown => answer({ [success]: { _0: { [call.method]: payload(value) } } });
  return {
    decode(message) {
      const requests = unwrap(parse(message));
      const refusal: ServerRefusal = { id: null, error: new HandlerError(0, 'invalid request') };
      if (requests === undefined) return { calls: [refusal], batch: false };
      const calls = requests.map((request): ServerCall | ServerRefusal => {
        if (!isRecord(request) || Object.keys(request).length !== 1) return refusal;
        const step = Codable.read(request) as { case: string; value: unknown };
        return { id: undefined, method: step.case, params: step.value, answered: true };
      });
      return { calls, batch: requests.length > 1 };
    },
    result: succeeded,
    error: (_call, error) => answer({ [failure]: { _0: failureOf(error) } }),
    // One frame per answer, a batch included: what the Swift servers write.
    frames: (answers) => answers.map(frame),
    event: (_method, _subscription, value) => frame({ [event]: { _0: value } }),
    subscriptionId: (call) => call.method,
    subscribed: (call) => succeeded(call, undefined),
    unsubscribed: (call) => succeeded(call, undefined),
    unsubscribes: (call) => (Object.hasOwn(unsubscribe, call.method) ? unsubscribe[call.method] : undefined),
    ordered: true,
  };
}
