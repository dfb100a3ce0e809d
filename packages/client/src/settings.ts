import type { ID } from './id.js';
import type { HeartbeatOptions, PerAttempt, ReconnectOptions, SendQueueOptions } from './resilience.js';

/**
 * TLS options for `wss:` URLs, passed to Node's `tls.connect`. Use them to trust a private CA or a self-signed
 * certificate (`ca`), to present a client certificate (`cert`, `key`), or, in tests only, to skip verification.
 *
 * @example
 * ```ts
 * client.open({ id, url: 'wss://localhost:8443', tls: { ca: readFileSync('ca.pem') } })
 * ```
 */
export interface TlsOptions {
  /** Certificates to trust in addition to (or, with Node's defaults, instead of) the system's. */
  readonly ca?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** A client certificate chain in PEM. */
  readonly cert?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** The private key of the client certificate in PEM. */
  readonly key?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** The passphrase of `key` or `pfx`. */
  readonly passphrase?: string;
  /** A PKCS#12 bundle of key and certificates. */
  readonly pfx?: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
  /** The server name for SNI and certificate verification.
   * @default the URL's host name */
  readonly servername?: string;
  /** Whether to reject a certificate that does not verify. Turning it off makes TLS worthless; use `ca` instead.
   * @default true */
  readonly rejectUnauthorized?: boolean;
}

/**
 * Everything {@link WebSocketClient.open} needs to open one connection.
 *
 * @example
 * ```ts
 * const settings: Settings = {
 *   id: ID(),
 *   url: 'wss://api.example.com/stream?room=1',
 *   headers: { authorization: `Bearer ${token}` },
 *   protocols: ['chat.v2'],
 *   pingInterval: 10_000,
 *   handshakeTimeout: 5_000,
 * }
 * ```
 */
export interface Settings {
  /** The id the other methods of the client take to address this connection. */
  readonly id: ID;
  /** The `ws:` or `wss:` URL, with path and query; or a function that gives it for every attempt (a fresh token in
   * the query, another server of a pool). */
  readonly url: PerAttempt<string>;
  /** A port that replaces the URL's own. Without either, 80 for `ws:` and 443 for `wss:`. */
  readonly port?: number;
  /** Extra HTTP headers of the opening handshake (authorization, cookies, origin...). */
  readonly headers?: PerAttempt<Readonly<Record<string, string>>>;
  /** Subprotocols to offer, in order of preference; the server's choice is in the `connected` status.
   * When some are offered, a server that chooses none fails the handshake. */
  readonly protocols?: PerAttempt<readonly string[]>;
  /** TLS options for `wss:`. */
  readonly tls?: TlsOptions;
  /** The largest message accepted, in bytes; a larger one closes the connection with 1009.
   * @default 104857600 (100 MiB) */
  readonly maxMessageSize?: number;
  /** Send a ping every this many milliseconds; when the previous ping has had no pong by then, the connection is
   * considered dead, terminated, and reported closed with 1006. The same as `heartbeat: { interval: pingInterval }`.
   * No pings when unset. */
  readonly pingInterval?: number;
  /** Pings with a pong deadline, to notice dead connections. Off when unset (see also `pingInterval`). */
  readonly heartbeat?: HeartbeatOptions;
  /** Reconnects when the connection ends without the application closing it. `true` for the defaults.
   * @default false */
  readonly reconnect?: boolean | ReconnectOptions;
  /** Bounds the messages that wait to be written. */
  readonly sendQueue?: SendQueueOptions;
  /** Milliseconds the opening handshake may take before it fails with `TimedOutError`.
   * @default 30000 */
  readonly handshakeTimeout?: number;
  /** Milliseconds to wait for the server's answer to our close frame before the socket is destroyed (the close is
   * then reported with 1006).
   * @default 30000 */
  readonly closeTimeout?: number;
  /** Whether to offer permessage-deflate compression (used only when the server accepts it).
   * @default true */
  readonly compression?: boolean;
  /** Bounds the frames received but not yet consumed: those waiting for a first subscriber and those queued for a
   * `for await` loop. Past either mark the socket stops reading, so TCP flow control slows the server; it reads again
   * when the backlog is down to half. No frame is dropped. RxJS subscribers are pushed every frame as it arrives.
   * @default { messages: 1024, bytes: 16777216 } (16 MiB) */
  readonly receiveBuffer?: { readonly messages?: number; readonly bytes?: number };
  /** Aborts the opening: the status stream reports `didFail` with `AbortedError` and nothing stays registered.
   * After the connection is open the signal is ignored; use {@link WebSocketClient.close}. */
  readonly signal?: AbortSignal;
}
