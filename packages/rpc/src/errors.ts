import { WebSocketError } from '@aws/client';

/**
 * The peer answered a call with an error: a JSON-RPC error object, a Swift `failure(...)` case, or whatever the
 * protocol's codec reads as one. `code` and `data` are the protocol's own (JSON-RPC's numeric code, the Swift error
 * value); `error` is the whole error as it came.
 *
 * @example
 * ```ts
 * try { await rpc.call({ method: 'divide', params: [1, 0] }) } catch (error) {
 *   if (error instanceof RemoteError && error.code === -32602) console.warn('bad params:', error.message)
 * }
 * ```
 */
export class RemoteError<E = unknown> extends WebSocketError {
  readonly _tag = 'RemoteError';
  constructor(
    message: string,
    /** The protocol's code of the error: JSON-RPC's number, or the name of the Swift error case. */
    readonly code: number | string | undefined,
    /** The error as the peer sent it. */
    readonly error: E,
    /** JSON-RPC's `data`, when there is one. */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/**
 * A message that the caller could not use: an answer whose id no call is waiting for (it timed out long ago, or the
 * peer is confused), an answer to a known call with the wrong shape (then that call rejects with this error, and the
 * others carry on), or a message the codec could not read. It goes to `onProblem` when it concerns no call.
 *
 * @example
 * ```ts
 * createRpcClient(connection, codec, { onProblem: (problem) => console.warn(problem.message, problem.cause) })
 * ```
 */
export class ProtocolError extends WebSocketError {
  readonly _tag = 'ProtocolError';
  constructor(
    readonly reason: 'unknownId' | 'unmatched' | 'malformed',
    detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(detail, options);
  }
}

/**
 * The server's side of a failure: throw it from a handler of `rpcService` to answer with this code, message and
 * data (a JSON-RPC error object, or the protocol's error). Any other thrown error answers with the protocol's
 * internal error, without its details.
 *
 * @example
 * ```ts
 * const handlers = { divide: ([a, b]: [number, number]) => { if (b === 0) throw new HandlerError(1, 'division by zero'); return a / b } }
 * ```
 */
export class HandlerError extends Error {
  override readonly name = 'HandlerError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
