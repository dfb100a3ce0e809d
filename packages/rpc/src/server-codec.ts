import type { Frame, Message } from '@aws/client';
import type { CallId } from './codec.js';
import type { HandlerError } from './errors.js';

/** One call read by a {@link ServerCodec}: a method, its params, and where its answer goes. */
export interface ServerCall {
  /** The correlation id, undefined for protocols without ids and for notifications. */
  readonly id: CallId | undefined;
  readonly method: string;
  readonly params: unknown;
  /** Whether the call gets an answer (false for a JSON-RPC notification). */
  readonly answered: boolean;
}

/** A message that is no call: the error to answer with (JSON-RPC's parse error, invalid request), or none. */
export interface ServerRefusal {
  readonly id: CallId | null;
  readonly error: HandlerError;
}

/** What one received message holds: its calls and refusals, and whether their answers go back as one batch. */
export interface ServerMessage {
  readonly calls: readonly (ServerCall | ServerRefusal)[];
  readonly batch: boolean;
}

/**
 * How a protocol travels, seen from the server: the small interface behind {@link rpcService}.
 * {@link jsonRpcServerCodec} is one; a protocol without ids sets `ordered`, so that the answers leave in the order
 * of the requests.
 *
 * @example
 * ```ts
 * const service = rpcService(jsonRpcServerCodec(), { add: ([a, b]: [number, number]) => a + b })
 * ```
 */
export interface ServerCodec {
  /** Reads one message. */
  decode(message: Message): ServerMessage;
  /** The answer with a result. */
  result(call: ServerCall, value: unknown): unknown;
  /** The answer with an error (for a call, or for a message that was not one). */
  error(call: ServerCall | ServerRefusal, error: HandlerError): unknown;
  /** The frames that carry the answers of one message: one frame for a batch, one per answer otherwise. */
  frames(answers: readonly unknown[], batch: boolean): readonly Frame[];
  /** The frame of an event of subscription `subscription`, opened by a call of `method`. */
  event(method: string, subscription: string, event: unknown): Frame;
  /** The id of the subscription that `call` ends, when it is an unsubscribe call. */
  unsubscribes(call: ServerCall): string | undefined;
  /** The id of the subscription a call opens. @default 1, 2, 3... per connection */
  subscriptionId?(call: ServerCall): string;
  /** The answer to a call that opened subscription `id`. @default `result(call, id)` */
  subscribed?(call: ServerCall, id: string): unknown;
  /** The answer to an unsubscribe call; `existed` says whether the subscription was open. @default `result(call, existed)` */
  unsubscribed?(call: ServerCall, existed: boolean): unknown;
  /** Answers must keep the order of the requests (protocols that match answers without ids). @default false */
  readonly ordered?: boolean;
}
