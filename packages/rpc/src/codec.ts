import type { Frame } from '@aws/client';
import type { Observable } from 'rxjs';

/** The correlation id of a call: the caller numbers its calls 1, 2, 3... on each connection handle. */
export type CallId = number | string;

/** How a message settled a call: its value, or the error to reject it with (a {@link RemoteError}, a schema's). */
export type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error };

/**
 * One message read by a {@link ClientCodec}, classified for the caller:
 * - `reply`: the answer to the call with this `id`;
 * - `answer`: an answer without id, for the oldest pending call whose request {@link ClientCodec.matches} it;
 * - `event`: something the server pushes, for the subscriptions;
 * - `other`: any other message of the protocol (a welcome), on `RpcClient.messages`;
 * - `invalid`: a message that could not be used; with an `id`, that call rejects with `error`, otherwise `error`
 *   goes to `onProblem`.
 */
export type Incoming =
  | { readonly type: 'reply'; readonly id: CallId; readonly outcome: Outcome }
  | { readonly type: 'answer'; readonly reply: unknown; readonly outcome: Outcome }
  | { readonly type: 'event'; readonly event: unknown }
  | { readonly type: 'other'; readonly message: unknown }
  | { readonly type: 'invalid'; readonly id?: CallId; readonly error: Error };

/**
 * How a protocol travels, seen from the client: the small interface a new protocol implements to get calls,
 * timeouts, reconnection and subscriptions from {@link RpcClient}. {@link jsonRpc} and {@link codableEnvelope} are
 * two of them.
 *
 * @example
 * ```ts
 * // Lines of `id:text`, answered by `id:result`.
 * const lines: ClientCodec<string> = {
 *   encode: (request, id) => Frame.text(`${id}:${request}`),
 *   decode: (frames) => frames.pipe(on('message.text'), map((text) => {
 *     const [id, result] = text.split(':')
 *     return { type: 'reply', id: Number(id), outcome: { ok: true, value: result } }
 *   })),
 * }
 * ```
 */
export interface ClientCodec<Request = unknown> {
  /** The frame that carries `request`; `id` is its correlation id, or undefined for a notification (no answer). */
  encode(request: Request, id: CallId | undefined): Frame;
  /** Reads the received frames; the `json` and `success` operators of `@aws/operators` do the decoding. */
  decode(frames: Observable<Frame>): Observable<Incoming>;
  /** For protocols without ids: whether `reply` (of an `answer`) answers `request`. */
  matches?(request: Request, reply: unknown): boolean;
  /** For protocols with batches: the one frame that carries several requests, each with its id. */
  encodeBatch?(requests: readonly (readonly [request: Request, id: CallId | undefined])[]): Frame;
}
