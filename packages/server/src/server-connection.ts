import type { CloseInfo, Frame, ID, Stream } from '@aws/client';
import type { Resumed } from './broker.js';

/**
 * One accepted connection, as a service sees it (Kitura's `WebSocketConnection`). Its `frames` is the same stream as
 * the client's `receive(id)`: the operators work on it unchanged, and a `for await` loop over it pauses the socket
 * when it falls behind. Frames are kept from the handshake on, so nothing is lost before a handler subscribes.
 *
 * @example
 * ```ts
 * for await (const frame of connection.frames) {
 *   if (frame.type === 'message') await connection.send(frame)
 * }
 * ```
 */
export interface ServerConnection<Context = unknown> {
  /** Unique among the server's connections. */
  readonly id: ID;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  /** The subprotocol the service chose, or `''`. */
  readonly protocol: string;
  /** The negotiated `Sec-WebSocket-Extensions` value, or `''`. */
  readonly extensions: string;
  /** The client's address as the socket saw it at the upgrade (`127.0.0.1`, `::1`); `'memory'` on the in-memory
   * test network. Behind a proxy, read the proxy's header (`x-forwarded-for`) instead. */
  readonly remoteAddress: string | undefined;
  /** What the service's `upgrade` attached. */
  readonly context: Context;
  /** The frames received, ending with the close frame. */
  readonly frames: Stream<Frame>;
  /** Resolves once the connection has ended, with how (the peer's code, 1005 without one, 1006 for a drop). */
  readonly closed: Promise<CloseInfo>;
  /** Whether the connection is open: it has not started closing. */
  isOpen(): boolean;
  /** Sends a frame and resolves once it is written; rejects with a typed error when it cannot be (see the send queue).
   * A small frame that follows another to this socket in one turn of the event loop counts as written once the
   * socket holds it for the turn's single system call (up to the socket's high-water mark): the sends of a serial
   * handler then share one write instead of one each. */
  send(frame: Frame): Promise<void>;
  /**
   * Sends a frame and tells nobody when it has been written: {@link ServerConnection.send} without its promise, for a
   * caller that keeps its own record of what the client has (an acknowledged session) or sends updates where only
   * the latest counts. Nothing is allocated per call on the way to an open socket; a frame written at once or queued
   * goes out in the same order as the sends around it.
   *
   * What a send reports at once is thrown, with the same typed errors: `ConnectionClosedError` once the connection is
   * closing or has ended, `InvalidFrameError` for a frame that may not be sent (a close frame too: closing is
   * {@link ServerConnection.close}), `SendQueueFullError` when the send queue is full (under the `'close'` policy the
   * connection is then closed as too slow, as for a send). What a send reports later is not reported: a frame still
   * queued when the connection ends is lost without a word (`closed` and `disconnected` say that it ended).
   *
   * @example
   * ```ts
   * // Prices, ten a second: a late one is replaced by the next, so none is awaited.
   * const timer = setInterval(() => connection.isOpen() && connection.post(Frame.text(price())), 100)
   * void connection.closed.then(() => clearInterval(timer))
   * ```
   */
  post(frame: Frame): void;
  /**
   * Sends one message as fragments (Perfect's `final` flag): each part goes out as it comes, so a large message is
   * streamed without being held whole; the client gets it reassembled. Other messages wait until the last part.
   *
   * @example
   * ```ts
   * await connection.sendFragments(readFileChunks(path), { binary: true })
   * ```
   */
  sendFragments(
    parts: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
    options?: { readonly binary?: boolean },
  ): Promise<void>;
  /** Sends a ping (at most 125 bytes). */
  ping(data?: Uint8Array): Promise<void>;
  /** The closing handshake; resolves when the connection has ended. */
  close(code?: number, reason?: string): Promise<CloseInfo>;
  /** Kitura's forceful close: the TCP connection ends at once, nothing is sent, and 1006 is reported locally. */
  drop(): Promise<CloseInfo>;
  /** Joins a topic of the server: `publish` to it reaches this connection. A closed connection leaves its topics. */
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /**
   * Joins a topic again after a reconnection, from the last offset the client received (with a broker that keeps a
   * history, Redis streams): what the topic carried since is sent first, in order, then the live frames, none twice.
   * Resolves `resync` when the history does not reach back that far (the application must resynchronise); the
   * connection is subscribed from now on either way. Never rejects.
   *
   * @example
   * ```ts
   * const resumed = await connection.resume('lobby', connection.query.get('after') ?? undefined)
   * ```
   */
  resume(topic: string, after: string | undefined): Promise<Resumed>;
  /** The topics this connection has joined. */
  readonly topics: ReadonlySet<string>;
}
