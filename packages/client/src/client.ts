import type { CloseInfo, Frame } from './frame.js';
import type { ID } from './id.js';
import type { Settings } from './settings.js';
import type { ConnectionStatus } from './status.js';
import type { Stream } from './stream.js';
import type { Connection } from './connection.js';

/**
 * A WebSocket client that holds any number of connections, each addressed by its {@link ID}.
 *
 * Write your code against this interface and inject the implementation: `createLiveClient()` from
 * `@aws/client-live` in the app, a double built on {@link unimplemented} in a unit test.
 *
 * @example
 * ```ts
 * async function greet(client: WebSocketClient, url: string) {
 *   await using connection = await client.connect({ id: ID(), url })
 *   await connection.send(Frame.text('Hello'))
 * }
 * ```
 */
export interface WebSocketClient {
  /**
   * Starts opening a connection and returns its status stream: `connecting`, `connected`, then `didClose` or
   * `didFail`, after which it completes. A subscriber gets the latest status first, then every change.
   * Frames are kept from the handshake on, so none is lost before `receive(id)` is subscribed.
   *
   * @throws {@link EmptyUrlError}, {@link InvalidUrlError} for bad settings, {@link AlreadyOpenedError} when the id is
   * in use. Network and handshake failures arrive as `didFail`.
   * @example
   * ```ts
   * client.open({ id, url: 'ws://localhost:8888' }).subscribe((status) => console.log(status.type))
   * ```
   */
  open(settings: Settings): Stream<ConnectionStatus>;

  /**
   * Opens a connection and resolves once the handshake has completed, with a handle on it.
   * Rejects with the typed error of the failure: {@link HandshakeFailedError}, {@link ConnectionFailedError},
   * {@link TimedOutError}, {@link AbortedError}, or the errors of {@link WebSocketClient.open}.
   *
   * @example
   * ```ts
   * await using connection = await client.connect({ id: ID(), url })
   * ```
   */
  connect(settings: Settings): Promise<Connection>;

  /**
   * The status stream of an open or opening connection, as returned by {@link WebSocketClient.open}.
   *
   * @throws {@link ConnectionClosedError} when the id is unknown.
   * @example
   * ```ts
   * client.status(id).pipe(filter((s) => s.type === 'didClose')).subscribe(() => console.log('gone'))
   * ```
   */
  status(id: ID): Stream<ConnectionStatus>;

  /**
   * The frames received on a connection. Every subscriber gets every frame from the moment it subscribes; frames that
   * arrive while nobody listens wait for the first subscriber. The stream ends with the close frame, then completes.
   *
   * @throws {@link ConnectionClosedError} when the id is unknown.
   * @example
   * ```ts
   * for await (const frame of client.receive(id)) console.log(frame)
   * ```
   */
  receive(id: ID): Stream<Frame>;

  /**
   * Sends one frame and resolves once it has been written to the socket. Sending a close frame is
   * {@link WebSocketClient.close}.
   *
   * Rejects with {@link ConnectionClosedError} when the id is unknown or the connection has ended, and with
   * {@link InvalidFrameError}, {@link InvalidCloseCodeError} or {@link InvalidCloseReasonError} for a frame that may
   * not be sent.
   * @example
   * ```ts
   * await client.send(id, Frame.text(JSON.stringify({ hello: 'world' })))
   * ```
   */
  send(id: ID, frame: Frame): Promise<void>;

  /**
   * Sends one frame and tells nobody when it has been written: {@link WebSocketClient.send} without its promise, for a
   * caller that does not wait for writes (one that keeps its own record of what the peer has, such as an
   * acknowledged session, or a stream of updates where only the latest counts). Nothing is allocated per call on the
   * way to an open socket; a frame written at once, queued, or left waiting for room (`overflow: 'wait'`) goes out in
   * the same order as the sends around it, and `resendUnwritten` applies to it as to a send.
   *
   * What a send reports at once, `post` throws synchronously, with the same typed errors: {@link ConnectionClosedError}
   * for an unknown id or a connection that is closing or has ended; {@link InvalidFrameError} for a frame that may not
   * be sent (a close frame too: closing is {@link WebSocketClient.close}); {@link SendQueueFullError} when the frame
   * must wait and the send queue is full under `overflow: 'reject'`, or the frame is larger than the queue's whole
   * byte budget. What a send reports later is not reported: a posted frame dropped for a newer one under
   * `'dropOldest'`, or still waiting or unwritten when its connection ends for good, is lost without a word (the
   * connection's status stream says that it ended).
   *
   * @throws {@link ConnectionClosedError}, {@link InvalidFrameError}, {@link SendQueueFullError}
   * @example
   * ```ts
   * // Positions, sixty a second: a lost one is replaced by the next, so none is awaited.
   * setInterval(() => client.post(id, Frame.text(JSON.stringify(position()))), 16)
   * ```
   */
  post(id: ID, frame: Frame): void;

  /**
   * Closes a connection with a close handshake and resolves when the connection has ended, with the code and reason
   * the client sent. Closing an opening connection aborts it. Calling it again returns the same promise.
   *
   * Rejects with {@link InvalidCloseCodeError} or {@link InvalidCloseReasonError} for a code or reason that may not be
   * sent, and with {@link ConnectionClosedError} when the id is unknown.
   * @default code 1000 (`normalClosure`), reason `''`
   * @example
   * ```ts
   * await client.close(id, CloseCode.goingAway, 'bye')
   * ```
   */
  close(id: ID, code?: number, reason?: string): Promise<CloseInfo>;

  /**
   * Whether the connection is open: its handshake has completed and it has not started closing.
   *
   * @example
   * ```ts
   * if (client.isConnected(id)) await client.send(id, Frame.ping())
   * ```
   */
  isConnected(id: ID): boolean;

  /**
   * Closes every connection of the client and resolves when all have ended.
   *
   * @example
   * ```ts
   * process.on('SIGINT', () => void client.closeAll(CloseCode.goingAway))
   * ```
   */
  closeAll(code?: number, reason?: string): Promise<void>;
}
