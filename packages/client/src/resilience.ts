import type { WebSocketClientError } from './errors.js';
import type { CloseInfo, Frame } from './frame.js';

/**
 * Why a connection ended, as a reconnection policy sees it: the close it got (`close`) or the failure of an attempt
 * to open (`error`), and how many attempts in a row have failed so far (`attempt` is the one about to be made).
 */
export interface ReconnectContext {
  readonly attempt: number;
  readonly close?: CloseInfo;
  readonly error?: WebSocketClientError;
}

/**
 * A decision of {@link ReconnectOptions.shouldReconnect}: `false` to give up, `true` to retry after the backoff delay,
 * `{ delay }` to retry after exactly that many milliseconds, `undefined` to let the default policy decide.
 */
export type ReconnectDecision = boolean | { readonly delay: number } | undefined;

/**
 * Reconnection: when a connection ends without the application closing it, the client opens it again with
 * exponential backoff and full jitter, keeping the same id, status stream and frame stream.
 *
 * The default policy retries after a dropped connection (1006), a server going away or restarting (1001, 1012,
 * 1013, 1014), an internal error (1011), a close without code (1005), a network failure, a handshake timeout and
 * an HTTP 5xx, 408 or 429 answer (honouring `Retry-After` on 429 and 503). It never retries after the application's own
 * `close`, nor after a 401 or 403, another 4xx, a normal closure by the server (1000) or a protocol violation.
 *
 * @example
 * ```ts
 * client.open({
 *   id, url,
 *   reconnect: { minDelay: 250, maxDelay: 10_000, maxAttempts: 20, shouldReconnect: ({ close }) => close?.code !== 4001 ? undefined : false },
 * })
 * ```
 */
export interface ReconnectOptions {
  /** The smallest delay before an attempt, in ms. @default 500 */
  readonly minDelay?: number;
  /** The largest delay before an attempt, in ms. @default 30000 */
  readonly maxDelay?: number;
  /** How much the delay window grows per failed attempt. @default 2 */
  readonly factor?: number;
  /** How many attempts in a row may fail before giving up for good. @default Infinity */
  readonly maxAttempts?: number;
  /** How long (ms) a connection must stay up for the attempt count to start again from 1, so a server that accepts
   * and drops at once does not defeat the backoff. @default 5000 */
  readonly minUptime?: number;
  /** Decides before the default policy; see {@link ReconnectDecision}. */
  readonly shouldReconnect?: (context: ReconnectContext) => ReconnectDecision;
  /** The source of randomness of the jitter, a number in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/**
 * Heartbeat: a ping every `interval` ms; a ping without pong within `timeout` ms means the connection is dead (a
 * half-open TCP connection, a frozen peer): the socket is terminated at once, reported closed with 1006, and
 * reconnection (when on) takes over. Works with servers that never ping.
 *
 * By default the ping is a WebSocket ping frame, which the web's `WebSocket` cannot send. Give `ping` and `isPong`
 * (both, or neither) for an application-level heartbeat that works on every client: `ping()` makes the data message
 * sent every interval, and a received message for which `isPong` returns true is its answer. The answer is delivered
 * to the frame stream like any other message (filter it out if the application has no use for it).
 *
 * @example
 * ```ts
 * client.open({ id, url, heartbeat: { interval: 10_000, timeout: 5_000 } })
 * // The same on the web, and with any server that answers {"type":"ping"} with {"type":"pong"}:
 * client.open({
 *   id, url,
 *   heartbeat: {
 *     interval: 10_000,
 *     ping: () => Frame.text('{"type":"ping"}'),
 *     isPong: (frame) => frame.type === 'message' && frame.message.type === 'text' && frame.message.text === '{"type":"pong"}',
 *   },
 * })
 * ```
 */
export interface HeartbeatOptions {
  readonly interval: number;
  /** @default interval */
  readonly timeout?: number;
  /** Makes the data message (text or binary) sent as the ping of an application-level heartbeat; with `isPong`. */
  readonly ping?: () => Frame;
  /** Recognises the answer to `ping` among the received messages; with `ping`. A throw counts as "not a pong". */
  readonly isPong?: (frame: Frame) => boolean;
}

/**
 * What `send` does when the send queue is full:
 * - `'reject'`: the new message is refused with `SendQueueFullError`;
 * - `'dropOldest'`: the oldest queued message is dropped (its `send` rejects with `MessageDroppedError`) to make room;
 * - `'wait'`: `send` waits for room, in order.
 */
export type OverflowPolicy = 'reject' | 'dropOldest' | 'wait';

/**
 * The send queue: messages wait in it while the connection is opening or reconnecting, and while the socket's
 * buffer is over its high water mark. Every `send` promise settles: it resolves when its frame is written to the
 * socket, and rejects with a typed error when dropped, refused, or when the connection ends for good.
 *
 * @example
 * ```ts
 * client.open({ id, url, sendQueue: { messages: 100, bytes: 1 << 20, overflow: 'dropOldest' } })
 * ```
 */
export interface SendQueueOptions {
  /** The most messages that may wait. @default 1024 */
  readonly messages?: number;
  /** The most bytes (UTF-16 code units for text) that may wait. @default 16777216 (16 MiB) */
  readonly bytes?: number;
  /** @default 'reject' */
  readonly overflow?: OverflowPolicy;
  /** When the socket's `bufferedAmount` passes this many bytes, sends wait in the queue... @default 1048576 (1 MiB) */
  readonly highWaterMark?: number;
  /** ...until it drains below this many bytes. @default 262144 (256 KiB) */
  readonly lowWaterMark?: number;
  /** With reconnection on, whether a message whose write had not completed when its socket died is written again on
   * the next socket. That is at-least-once: the server may have read it before the reset, and then gets it twice.
   * `false` rejects such a send with `ConnectionClosedError` instead (at-most-once).
   * @default true */
  readonly resendUnwritten?: boolean;
}

/** A value, or a function that gives it (possibly asynchronously) anew for every attempt to connect. */
export type PerAttempt<T> = T | (() => T | Promise<T>);
