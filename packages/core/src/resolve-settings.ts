import {
  InvalidSettingsError,
  type HeartbeatOptions,
  type ID,
  type OverflowPolicy,
  type PerAttempt,
  type SendQueueOptions,
  type Settings,
  type TlsOptions,
} from '@aws/client';
import { backoffOptions, type Backoff } from './backoff.js';
import { checkHeaders, checkProtocols } from './check-handshake.js';
import type { WaterMarks } from './pressure.js';

/** The send queue's bounds and water marks, every default filled in. */
export interface QueueBounds {
  readonly messages: number;
  readonly bytes: number;
  readonly overflow: OverflowPolicy;
  readonly highWaterMark: number;
  readonly lowWaterMark: number;
  readonly resendUnwritten: boolean;
}

/** The heartbeat's timing, and for an application-level heartbeat the ping message and how to know its answer. */
export interface ResolvedHeartbeat {
  readonly interval: number;
  readonly timeout: number;
  readonly ping?: HeartbeatOptions['ping'];
  readonly isPong?: HeartbeatOptions['isPong'];
}

/** What every transport understands: the connection's life, its queues and its timers. */
export interface ResolvedSettings {
  readonly id: ID;
  readonly url: PerAttempt<string>;
  readonly port: number | undefined;
  readonly headers: PerAttempt<Readonly<Record<string, string>>>;
  readonly protocols: PerAttempt<readonly string[]>;
  readonly handshakeTimeout: number;
  readonly heartbeat: ResolvedHeartbeat | undefined;
  readonly backoff: Backoff | undefined;
  readonly sendQueue: QueueBounds;
  readonly receiveBuffer: WaterMarks;
  readonly signal: AbortSignal | undefined;
  /** What only some platforms can honour (Node's `ws` does all of it; a browser's WebSocket none). */
  readonly node: NodeSettings;
}

/** The settings of the handshake and the socket that the web platform does not expose. */
export interface NodeSettings {
  readonly tls: TlsOptions | undefined;
  readonly maxMessageSize: number;
  readonly closeTimeout: number;
  readonly compression: boolean;
  readonly maxPendingPongs: number;
}

// setTimeout fires at once for a delay past 2^31 - 1 ms: a longer timeout would be no timeout at all.
const maxTimer = 2_147_483_647;
const minHeartbeat = 10;

/**
 * Checks every setting once, at `open`, and fills in every default in this one place: a setting outside its domain
 * is an `InvalidSettingsError` naming it, thrown before any timer or socket exists.
 */
export function resolveSettings(settings: Settings): ResolvedSettings {
  const headers = settings.headers ?? noHeaders;
  const protocols = settings.protocols ?? noProtocols;
  if (typeof headers !== 'function') checkHeaders(headers);
  if (typeof protocols !== 'function') checkProtocols(protocols);
  return {
    id: settings.id,
    url: settings.url,
    port: settings.port,
    headers,
    protocols,
    handshakeTimeout: milliseconds('handshakeTimeout', settings.handshakeTimeout, 30_000),
    heartbeat: heartbeat(settings),
    backoff: reconnect(settings),
    sendQueue: settings.sendQueue === undefined ? (defaultSendQueue ??= resolveSendQueue()) : resolveSendQueue(settings.sendQueue),
    receiveBuffer:
      settings.receiveBuffer === undefined
        ? (defaultReceiveBuffer ??= resolveReceiveBuffer())
        : resolveReceiveBuffer(settings.receiveBuffer),
    signal: settings.signal,
    node: nodeSettings(settings),
  };
}

// What most connections leave to the defaults is resolved once and shared (it is read-only): every connection keeps
// its settings for its reconnections, and idle memory counts.
const noHeaders: Readonly<Record<string, string>> = Object.freeze({});
const noProtocols: readonly string[] = Object.freeze([]);
let defaultSendQueue: QueueBounds | undefined;
let defaultReceiveBuffer: WaterMarks | undefined;
let defaultNode: NodeSettings | undefined;

function nodeSettings(settings: Settings): NodeSettings {
  const { tls, maxMessageSize, closeTimeout, compression } = settings;
  const defaults = tls === undefined && maxMessageSize === undefined && closeTimeout === undefined && compression === undefined;
  if (defaults && defaultNode !== undefined) return defaultNode;
  const node: NodeSettings = {
    tls,
    maxMessageSize: count('maxMessageSize', maxMessageSize, 100 * 1024 * 1024),
    closeTimeout: milliseconds('closeTimeout', closeTimeout, 30_000),
    compression: flag('compression', compression, true),
    maxPendingPongs: 60,
  };
  if (defaults) defaultNode = node;
  return node;
}

function heartbeat(settings: Settings): ResolvedHeartbeat | undefined {
  const options = settings.heartbeat;
  if (options !== undefined) {
    const interval = milliseconds('heartbeat.interval', options.interval, undefined, minHeartbeat);
    const timeout = milliseconds('heartbeat.timeout', options.timeout, interval, minHeartbeat);
    const { ping, isPong } = options;
    if (ping === undefined && isPong === undefined) return { interval, timeout };
    // One without the other would ping without ever hearing back (or listen for an answer never asked for).
    if (typeof ping !== 'function')
      throw new InvalidSettingsError('heartbeat.ping', ping, 'a function returning the ping message, given with isPong');
    if (typeof isPong !== 'function')
      throw new InvalidSettingsError('heartbeat.isPong', isPong, 'a function recognising the answer, given with ping');
    return { interval, timeout, ping, isPong };
  }
  if (settings.pingInterval === undefined) return undefined;
  const interval = milliseconds('pingInterval', settings.pingInterval, undefined, minHeartbeat);
  return { interval, timeout: interval };
}

function reconnect(settings: Settings): Backoff | undefined {
  const backoff = backoffOptions(settings.reconnect);
  if (backoff === undefined) return undefined;
  const minDelay = milliseconds('reconnect.minDelay', backoff.minDelay, undefined, 0);
  milliseconds('reconnect.maxDelay', backoff.maxDelay, undefined, minDelay);
  if (!(backoff.factor >= 1 && Number.isFinite(backoff.factor))) {
    throw new InvalidSettingsError('reconnect.factor', backoff.factor, 'a finite number of at least 1');
  }
  if (!(backoff.maxAttempts === Number.POSITIVE_INFINITY || (Number.isInteger(backoff.maxAttempts) && backoff.maxAttempts >= 0))) {
    throw new InvalidSettingsError('reconnect.maxAttempts', backoff.maxAttempts, 'an integer of at least 0, or Infinity');
  }
  milliseconds('reconnect.minUptime', backoff.minUptime, undefined, 0);
  if (typeof backoff.random !== 'function') throw new InvalidSettingsError('reconnect.random', backoff.random, 'a function');
  return backoff;
}

/**
 * The send queue's bounds, checked, with their defaults; a server passes its overflow policy as `'reject'`.
 *
 * @example
 * ```ts
 * const bounds = resolveSendQueue({ messages: 100, overflow: 'dropOldest' })
 * ```
 */
export function resolveSendQueue(options: SendQueueOptions = {}): QueueBounds {
  const highWaterMark = count('sendQueue.highWaterMark', options.highWaterMark, 1024 * 1024, 0);
  const overflow = options.overflow ?? 'reject';
  if (overflow !== 'reject' && overflow !== 'dropOldest' && overflow !== 'wait') {
    throw new InvalidSettingsError('sendQueue.overflow', overflow, "'reject', 'dropOldest' or 'wait'");
  }
  return {
    messages: count('sendQueue.messages', options.messages, 1024),
    bytes: count('sendQueue.bytes', options.bytes, 16 * 1024 * 1024),
    overflow,
    highWaterMark,
    lowWaterMark: Math.min(count('sendQueue.lowWaterMark', options.lowWaterMark, 256 * 1024, 0), highWaterMark),
    resendUnwritten: flag('sendQueue.resendUnwritten', options.resendUnwritten, true),
  };
}

/**
 * The receive buffer's water marks, checked: the high marks given (or the defaults), the low marks half of them.
 *
 * @example
 * ```ts
 * const marks = resolveReceiveBuffer({ messages: 64 }) // { highMessages: 64, lowMessages: 32, ... }
 * ```
 */
export function resolveReceiveBuffer(options: Settings['receiveBuffer'] = {}): WaterMarks {
  const messages = count('receiveBuffer.messages', options.messages, 1024);
  const bytes = count('receiveBuffer.bytes', options.bytes, 16 * 1024 * 1024);
  return { highMessages: messages, highBytes: bytes, lowMessages: Math.floor(messages / 2), lowBytes: Math.floor(bytes / 2) };
}

/**
 * A whole number of at least `min` (1 unless said), or Infinity: message and byte bounds. Throws
 * `InvalidSettingsError` naming `setting` otherwise.
 *
 * @example
 * ```ts
 * const messages = count('sendQueue.messages', options.messages, 1024)
 * ```
 */
export function count(setting: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= min)) return value;
  throw new InvalidSettingsError(setting, value, `a whole number of at least ${min}, or Infinity`);
}

/**
 * A delay a timer can honour: at least `min` ms (more than 0 unless said) and at most 2^31 - 1. Throws
 * `InvalidSettingsError` naming `setting` otherwise.
 *
 * @example
 * ```ts
 * const timeout = milliseconds('closeTimeout', options.closeTimeout, 5_000)
 * ```
 */
export function milliseconds(setting: string, value: number | undefined, fallback: number | undefined, min?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const low = min ?? Number.MIN_VALUE;
  if (typeof value === 'number' && value >= low && value <= maxTimer) return value;
  const range = min === undefined ? 'more than 0' : `at least ${min}`;
  throw new InvalidSettingsError(setting, value, `a number of milliseconds, ${range} and at most ${maxTimer}`);
}

function flag(setting: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  throw new InvalidSettingsError(setting, value, 'true or false');
}
