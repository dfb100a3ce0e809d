import { Frame } from '@aws/client';
import { json } from '@aws/operators';
import { Observable } from 'rxjs';
import type { CallId, ClientCodec, Incoming, Outcome } from './codec.js';
import { ProtocolError, RemoteError } from './errors.js';

/** A JSON-RPC 2.0 request; without `id` it is a notification, which gets no answer. */
export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly method: string;
  readonly params?: unknown;
  readonly id?: CallId | null;
}

/** A JSON-RPC 2.0 error object. */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** A JSON-RPC 2.0 response: a `result` or an `error`, with the id of its request (null when it could not be read). */
export type JsonRpcResponse =
  | { readonly jsonrpc: '2.0'; readonly id: CallId | null; readonly result: unknown }
  | { readonly jsonrpc: '2.0'; readonly id: CallId | null; readonly error: JsonRpcErrorObject };

/**
 * The error codes JSON-RPC 2.0 defines; -32000 to -32099 are the server's to define, the rest of the range is
 * reserved.
 *
 * @example
 * ```ts
 * if (error instanceof RemoteError && error.code === JsonRpcErrorCode.methodNotFound) console.warn('no such method')
 * ```
 */
export const JsonRpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
} as const;

/**
 * The method that ends a subscription, with `{ subscription }` as its params (the id the subscribe call returned).
 *
 * @example
 * ```ts
 * await rpc.call({ method: jsonRpcUnsubscribe, params: { subscription: '1' } }) // what leaving a subscribe stream sends
 * ```
 */
export const jsonRpcUnsubscribe = 'rpc.unsubscribe';

/** The request of a call, as {@link jsonRpc} encodes it: the method and its params. */
export interface JsonRpcCall {
  readonly method: string;
  readonly params?: unknown;
}

/** A notification of a subscription: `params.subscription` names it, `params.result` is the event. */
export interface JsonRpcNotification {
  readonly method: string;
  readonly params?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is CallId => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/**
 * Whether a value is a JSON-RPC error object: an integer `code` and a string `message`.
 *
 * @example
 * ```ts
 * isJsonRpcError({ code: -32601, message: 'Method not found' }) // true
 * ```
 */
export function isJsonRpcError(value: unknown): value is JsonRpcErrorObject {
  return isRecord(value) && Number.isInteger(value.code) && typeof value.message === 'string';
}

/** The outcome of a response: its result, or a {@link RemoteError} with the error object's code, message and data. */
function outcomeOf(response: Record<string, unknown>): Outcome | undefined {
  if ('result' in response && !('error' in response)) return { ok: true, value: response.result };
  const { error } = response;
  if (!('result' in response) && isJsonRpcError(error)) {
    return { ok: false, error: new RemoteError(error.message, error.code, error, error.data) };
  }
  return undefined;
}

/** Classifies one JSON-RPC value read from the server. */
function classify(value: unknown): Incoming {
  if (!isRecord(value) || value.jsonrpc !== '2.0') {
    const id = isRecord(value) && isId(value.id) ? value.id : undefined;
    const error = new ProtocolError('malformed', 'not a JSON-RPC 2.0 message');
    return id === undefined ? { type: 'invalid', error } : { type: 'invalid', id, error };
  }
  if (typeof value.method === 'string') {
    // A notification from the server is an event; a request of the server's is for the application.
    return value.id === undefined
      ? { type: 'event', event: { method: value.method, params: value.params } }
      : { type: 'other', message: value };
  }
  const outcome = outcomeOf(value);
  if (!isId(value.id)) {
    const detail = outcome?.ok === false ? `: ${outcome.error.message}` : '';
    return { type: 'invalid', error: new ProtocolError('malformed', `a JSON-RPC response without a usable id${detail}`) };
  }
  if (outcome === undefined) {
    return {
      type: 'invalid',
      id: value.id,
      error: new ProtocolError('malformed', 'a JSON-RPC response needs exactly one of result and error'),
    };
  }
  return { type: 'reply', id: value.id, outcome };
}

/** Options of {@link jsonRpc}. */
export interface JsonRpcOptions {
  /** Send requests as binary frames of UTF-8 JSON instead of text frames. @default false */
  readonly binary?: boolean;
}

/**
 * The JSON-RPC 2.0 client codec: requests `{ method, params }` go out with the call's id, responses (batches
 * included) settle their calls, a response's error object rejects with a {@link RemoteError}, and the server's
 * notifications are the events of the subscriptions. Messages are decoded with `json()` from `@aws/operators`.
 *
 * @example
 * ```ts
 * using rpc = new RpcClient(connection, jsonRpc())
 * await rpc.call({ method: 'add', params: [1, 2] }) // 3
 * ```
 */
export function jsonRpc(options: JsonRpcOptions = {}): ClientCodec<JsonRpcCall> {
  const encoder = new TextEncoder();
  const message = (request: JsonRpcCall, id: CallId | undefined): JsonRpcRequest => ({
    jsonrpc: '2.0',
    method: request.method,
    ...(request.params === undefined ? {} : { params: request.params }),
    ...(id === undefined ? {} : { id }),
  });
  const frame = (text: string): Frame => (options.binary === true ? Frame.binary(encoder.encode(text)) : Frame.text(text));
  return {
    encode: (request, id) => frame(JSON.stringify(message(request, id))),
    encodeBatch: (requests) => frame(JSON.stringify(requests.map(([request, id]) => message(request, id)))),
    // One layer over `json()`: a batch answer fans out into several without an inner Observable per message.
    decode: (frames: Observable<Frame>) =>
      new Observable<Incoming>((subscriber) =>
        frames.pipe(json()).subscribe({
          next: (result) => {
            if (!result.ok) {
              subscriber.next({ type: 'invalid', error: new ProtocolError('malformed', result.error.message, { cause: result.error }) });
            } else if (Array.isArray(result.value)) {
              for (const item of result.value) subscriber.next(classify(item));
            } else {
              subscriber.next(classify(result.value));
            }
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      ),
  };
}
