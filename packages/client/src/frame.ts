/**
 * A complete data message. Fragmented messages arrive reassembled.
 * A binary message is a `Uint8Array` (on Node it is in fact a `Buffer`, which is a `Uint8Array`).
 */
export type Message = { readonly type: 'text'; readonly text: string } | { readonly type: 'binary'; readonly data: Uint8Array };

/**
 * What a close frame said: the code (1005 when the frame carried none, 1006 when the connection dropped without one)
 * and the reason (empty when none).
 */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/**
 * One WebSocket frame, as received from or sent to the peer: a message, a ping, a pong or a close.
 * Build frames with the {@link Frame} helpers and match them on `type`.
 *
 * @example
 * ```ts
 * client.receive(id).subscribe((frame) => {
 *   if (frame.type === 'message' && frame.message.type === 'text') console.log(frame.message.text)
 * })
 * ```
 */
export type Frame =
  | { readonly type: 'message'; readonly message: Message }
  | { readonly type: 'ping'; readonly data: Uint8Array }
  | { readonly type: 'pong'; readonly data: Uint8Array }
  | ({ readonly type: 'close' } & CloseInfo);

const empty = new Uint8Array(0);

/**
 * Builds frames to send.
 *
 * @example
 * ```ts
 * await client.send(id, Frame.text('Hello'))
 * await client.send(id, Frame.binary(new TextEncoder().encode('Hello')))
 * await client.send(id, Frame.ping())
 * ```
 */
export const Frame = {
  /** A text message. */
  text: (text: string): Frame => ({ type: 'message', message: { type: 'text', text } }),
  /** A binary message. */
  binary: (data: Uint8Array): Frame => ({ type: 'message', message: { type: 'binary', data } }),
  /** A ping, with an optional payload of at most 125 bytes. */
  ping: (data: Uint8Array = empty): Frame => ({ type: 'ping', data }),
  /** A pong, with an optional payload of at most 125 bytes. */
  pong: (data: Uint8Array = empty): Frame => ({ type: 'pong', data }),
  /** A close frame; sending it is the same as {@link WebSocketClient.close}. */
  close: (code: number = 1000, reason = ''): Frame => ({ type: 'close', code, reason }),
} as const;
