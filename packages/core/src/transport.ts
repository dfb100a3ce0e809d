import type { CloseInfo, Frame, Settings, WebSocketClientError } from '@aws/client';
import type { Attempt } from './attempt.js';
import type { DataFrame } from './send-queue.js';
import type { ResolvedSettings } from './resolve-settings.js';

/** What the handshake settled: the subprotocol chosen (or `''`) and the `Sec-WebSocket-Extensions` value agreed on. */
export interface Handshake {
  readonly protocol: string;
  readonly extensions: string;
}

/**
 * What a transport reports about one socket to the session that owns it. A transport calls these in the order its
 * socket sees things, and calls `ended` exactly once, last.
 */
export interface SocketEvents {
  opened(handshake: Handshake): void;
  /** A data message, a ping (already answered by the transport) or a pong. */
  received(frame: Exclude<Frame, { type: 'close' }>): void;
  /** A message that arrived while the socket was paused and that the transport dropped unread (a platform that
   * cannot stop reading, under a drop policy): not for the application, but it may be the heartbeat's answer. */
  dropped(frame: Exclude<Frame, { type: 'close' }>): void;
  /** The opening failed: the socket will end without having opened. */
  openingFailed(error: WebSocketClientError): void;
  /** The open socket failed: the peer broke the protocol or a limit (the transport has sent, or tried to send, this
   * close to the peer and fails the connection), or the network failed. The connection reports this close rather
   * than the bare 1006 that `ended` then sees. */
  failed(close: CloseInfo): void;
  /** The socket is gone: `code` and `reason` of the close frame received, or 1006 for a connection that dropped. */
  ended(code: number, reason: string): void;
}

/**
 * One socket of a transport, as the session drives it. Pausing, pinging and `bufferedAmount` are capabilities: a
 * platform that lacks one leaves it out, and the machinery that needs it (receive backpressure, heartbeat, the send
 * water marks) does without.
 */
export interface TransportSocket {
  /** Writes a checked data or control frame; `done` is called once it is written, or with the error. */
  write(frame: DataFrame, done: (error?: Error | null) => void): void;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Destroys the socket at once, without a closing handshake. */
  terminate(): void;
  /** Bytes handed to the socket but not yet written to the network. */
  readonly bufferedAmount?: number;
  /** Stops reading from the network (receive backpressure). */
  pause?(): void;
  resume?(): void;
  /** True when `pause` does not stop reading but drops what arrives (reporting it through `dropped`): the peer's
   * answers still come, so the heartbeat goes on judging liveness while paused. */
  readonly readsWhilePaused?: boolean;
  /** Sends a ping for the heartbeat. */
  ping?(): void;
  /** Writes a frame that the same turn writes to many sockets (a broadcast): the transport may encode it once for
   * all of them. */
  writeShared?(frame: DataFrame, done: ((error?: Error | null) => void) | undefined): void;
  /** Writes one fragment of a data message (the first one says text or binary; `final` ends the message). */
  writeFragment?(data: string | Uint8Array, binary: boolean, final: boolean, done: (error?: Error | null) => void): void;
}

/**
 * The port between the platform-neutral machinery (the supervisor, its sessions, queues and timers) and a platform's
 * WebSocket: `ws` on Node.js, the WHATWG `WebSocket` in browsers, an accepted socket on a server.
 *
 * @example
 * ```ts
 * const transport: Transport = {
 *   name: 'memory',
 *   connect: (attempt, settings, events) => new MemorySocket(attempt, events),
 * }
 * const client = createClient(transport)
 * ```
 */
export interface Transport {
  /** The platform, for error messages: `'Node.js (ws)'`, `'the web WebSocket'`. */
  readonly name: string;
  /** Starts the opening handshake of one socket. It may throw for an attempt it cannot make (an unsupported URL);
   * otherwise everything that happens afterwards arrives through `events`, never synchronously. */
  connect(attempt: Attempt, settings: ResolvedSettings, events: SocketEvents): TransportSocket;
  /** Refuses at `open`, by throwing (an `UnsupportedSettingError` naming the setting and the platform), the settings
   * this platform cannot honour: a setting is never silently ignored. */
  checkSettings?(settings: Settings, resolved: ResolvedSettings): void;
  /** Refuses a checked frame this platform cannot send (the web's `WebSocket` has no ping frames), before it is
   * queued: `send` rejects with the error. */
  checkFrame?(frame: Frame): WebSocketClientError | undefined;
  /** Refuses a sendable close code this platform cannot send (the web's `WebSocket` sends only 1000 and 3000–4999):
   * `close` rejects with the error and changes nothing. */
  checkCloseCode?(code: number): WebSocketClientError | undefined;
}
