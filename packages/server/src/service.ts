import type { CloseInfo, Message, OverflowPolicy } from '@aws/client';
import type { ServerConnection } from './server-connection.js';
import type { UpgradeDecision, UpgradeRequest } from './upgrade.js';

/**
 * What the server does when a connection's send queue is full: the client's policies, plus `'close'`, which closes
 * the slow connection with 1008 (the policy that keeps a server alive under a consumer that never reads).
 */
export type ServerOverflowPolicy = OverflowPolicy | 'close';

/** The parameters of permessage-deflate on the server. */
export interface CompressionOptions {
  /** Messages smaller than this many bytes are sent uncompressed. @default 1024 */
  readonly threshold?: number;
  /** Reset the server's compression context after every message (less memory, worse ratio). @default false */
  readonly serverNoContextTakeover?: boolean;
  /** Ask the client to reset its context after every message. @default false */
  readonly clientNoContextTakeover?: boolean;
  /** The server's LZ77 window, 8 to 15 bits. @default 15 */
  readonly serverMaxWindowBits?: number;
  /** The window the client may use, 8 to 15 bits, when it accepts the parameter. */
  readonly clientMaxWindowBits?: number;
}

/** The per-connection limits and timers of a service. All optional; off or the defaults when left out. */
export interface ServiceOptions {
  /** Kitura's `connectionTimeout`, in ms: nothing heard for half of it → a ping; no pong by the end → drop (1006).
   * Off when unset. */
  readonly connectionTimeout?: number;
  /** Perfect's read timeout, in ms: no frame at all for this long → close with 1001. Off when unset. */
  readonly readTimeout?: number;
  /** How long (ms) to wait for the client's answer to our close frame before ending its TCP connection. @default 5000 */
  readonly closeTimeout?: number;
  /** permessage-deflate (RFC 7692), off by default: it costs memory per connection (a zlib context each way, up to
   * ~300 KiB with context takeover at 15 window bits). `true` for the defaults, or its parameters; what the client
   * offers is honoured (its `*_no_context_takeover` and `*_max_window_bits`). */
  readonly compression?: boolean | CompressionOptions;
  /** The largest message accepted, in bytes; a larger one closes the connection with 1009. @default 104857600 */
  readonly maxMessageSize?: number;
  /** Bounds of what waits to be written to each connection, and the policy when full. */
  readonly sendQueue?: {
    readonly messages?: number;
    readonly bytes?: number;
    readonly overflow?: ServerOverflowPolicy;
    readonly highWaterMark?: number;
    readonly lowWaterMark?: number;
  };
  /** Bounds of the frames received but not consumed; past them the socket stops reading. */
  readonly receiveBuffer?: { readonly messages?: number; readonly bytes?: number };
}

/**
 * A WebSocket service, registered on a path of a server (Kitura's `WebSocketService`, with Perfect's per-handler
 * upgrade decision). Every member is optional: `upgrade` decides (by default: accept, no subprotocol, no context),
 * then `connected`, each `received` message, and `disconnected` exactly once per connection. A handler that throws or
 * rejects is logged and closes its connection with 1011; the server and the other connections carry on.
 *
 * @example
 * ```ts
 * const chat: Service = {
 *   options: { connectionTimeout: 60_000 },
 *   received(message, connection) {
 *     if (message.type === 'binary') return void connection.close(1003, 'Chat-Server only accepts text messages')
 *     server.broadcast('/chat', Frame.text(message.text), { except: connection })
 *   },
 * }
 * server.register('/chat', chat)
 * ```
 */
export interface Service<Context = unknown> {
  readonly options?: ServiceOptions;
  /** Accept (choosing a subprotocol, attaching a context) or refuse with an HTTP answer; may be async. */
  upgrade?(request: UpgradeRequest): UpgradeDecision<Context> | Promise<UpgradeDecision<Context>>;
  connected?(connection: ServerConnection<Context>): void | Promise<void>;
  received?(message: Message, connection: ServerConnection<Context>): void | Promise<void>;
  disconnected?(connection: ServerConnection<Context>, close: CloseInfo): void | Promise<void>;
}
