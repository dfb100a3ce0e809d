import { WebSocketError } from '@aws/client';

/**
 * The session this message belonged to is gone, and the peer may or may not have received it: the server no longer
 * had the session when the client came back (it expired during the outage, or the server restarted), so nobody can
 * tell. The application resynchronises (asks the server for its state) and sends again what still matters.
 *
 * @example
 * ```ts
 * await session.send(Frame.text('order 42')).catch((error) => {
 *   if (error instanceof SessionLostError) resynchronise()
 * })
 * ```
 */
export class SessionLostError extends WebSocketError {
  readonly _tag = 'SessionLostError';
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} was lost: the peer may not have received this message`);
  }
}

/**
 * The session ended before the peer acknowledged this message: it was closed (by either side, with a close frame),
 * it expired on the server after its grace period, or the connection gave up reconnecting. `reason` says which.
 *
 * @example
 * ```ts
 * const error = await session.send(Frame.text('late')).catch((error: unknown) => error)
 * if (error instanceof SessionClosedError && error.reason === 'expired') console.log('the client never came back')
 * ```
 */
export class SessionClosedError extends WebSocketError {
  readonly _tag = 'SessionClosedError';
  constructor(
    readonly sessionId: string,
    readonly reason: 'closed' | 'expired' | 'overflow' | 'protocol',
  ) {
    super(`session ${sessionId === '' ? '(not started)' : sessionId} ended (${reason}) before the peer acknowledged this message`);
  }
}

/**
 * The unacknowledged buffer is full (`buffer.messages` or `buffer.bytes`) and its overflow policy is `'reject'`:
 * this message was not sent and takes no sequence number, so nothing is lost behind the application's back.
 *
 * @example
 * ```ts
 * await session.send(frame).catch((error) => {
 *   if (error instanceof SessionBufferFullError) setTimeout(retry, 100)
 * })
 * ```
 */
export class SessionBufferFullError extends WebSocketError {
  readonly _tag = 'SessionBufferFullError';
  constructor(readonly limit: { readonly messages: number; readonly bytes: number }) {
    super(`the session's unacknowledged buffer is full (${limit.messages} messages or ${limit.bytes} bytes)`);
  }
}

/**
 * The server does not speak the session protocol (it sent no welcome in time, or its first message was something
 * else) and the client was configured with `plainServer: 'refuse'`, the default.
 *
 * @example
 * ```ts
 * await connectSession(client, { id: ID(), url }).catch((error) => {
 *   if (error instanceof SessionUnsupportedError) console.log('that server has no sessions')
 * })
 * ```
 */
export class SessionUnsupportedError extends WebSocketError {
  readonly _tag = 'SessionUnsupportedError';
  constructor(readonly detail: string) {
    super(`the server does not speak the session protocol: ${detail}`);
  }
}
