import type { ID } from './id.js';

/**
 * The base of every error the client reports. Match a specific failure with `instanceof` or on `_tag`, which stays
 * precise even across copies of this package.
 *
 * @example
 * ```ts
 * try { await client.connect(settings) } catch (error) {
 *   if (error instanceof HandshakeFailedError && error.status === 401) refreshToken()
 * }
 * ```
 */
export abstract class WebSocketError extends Error {
  /** The discriminant of the error union {@link WebSocketClientError}. */
  abstract readonly _tag: string;
  override get name(): string {
    return this._tag;
  }
}

/**
 * `open` was called with an id whose connection is still open or opening (two racing opens included).
 *
 * @example
 * ```ts
 * client.open({ id, url }); client.open({ id, url }) // throws AlreadyOpenedError
 * ```
 */
export class AlreadyOpenedError extends WebSocketError {
  readonly _tag = 'AlreadyOpenedError';
  constructor(readonly id: ID) {
    super(`connection ${id} is already opened`);
  }
}

/**
 * The id is unknown to the client, or its connection has ended: nothing can be sent or received on it.
 *
 * @example
 * ```ts
 * await client.send(ID(), Frame.text('hi')) // rejects with ConnectionClosedError
 * ```
 */
export class ConnectionClosedError extends WebSocketError {
  readonly _tag = 'ConnectionClosedError';
  constructor(
    readonly id: ID,
    detail = 'is closed or was never opened',
  ) {
    super(`connection ${id} ${detail}`);
  }
}

/**
 * `Settings.url` was empty.
 *
 * @example
 * ```ts
 * client.open({ id, url: '' }) // throws EmptyUrlError
 * ```
 */
export class EmptyUrlError extends WebSocketError {
  readonly _tag = 'EmptyUrlError';
  constructor() {
    super('the url is empty');
  }
}

/**
 * `Settings.url` is not a URL, its scheme is not `ws:` or `wss:`, or `Settings.port` is not a valid port.
 *
 * @example
 * ```ts
 * client.open({ id, url: 'ooo://localhost' }) // throws InvalidUrlError
 * ```
 */
export class InvalidUrlError extends WebSocketError {
  readonly _tag = 'InvalidUrlError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`invalid WebSocket url ${JSON.stringify(url)}: ${reason}`);
  }
}

/**
 * The opening was aborted through `Settings.signal` (or the connection was closed while it was still opening); or,
 * with `operation: 'call'`, a call of `@aws/rpc` was aborted through its `signal` before its answer came.
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const opened = client.connect({ id, url, signal: controller.signal })
 * controller.abort() // opened rejects with AbortedError
 * ```
 */
export class AbortedError extends WebSocketError {
  readonly _tag = 'AbortedError';
  constructor(
    readonly reason?: unknown,
    readonly operation: 'open' | 'call' = 'open',
  ) {
    super(operation === 'open' ? 'the connection was aborted while opening' : 'the call was aborted before its answer came');
  }
}

/**
 * The server did not accept the WebSocket handshake. When it answered with an HTTP status other than 101, `status`
 * and `headers` hold its answer (a 401 for a missing token, a 503 with `retry-after`, ...); otherwise `status` is
 * undefined and the message says what was wrong with the upgrade.
 *
 * @example
 * ```ts
 * if (error instanceof HandshakeFailedError) console.log(error.status, error.headers['retry-after'])
 * ```
 */
export class HandshakeFailedError extends WebSocketError {
  readonly _tag = 'HandshakeFailedError';
  constructor(
    readonly status: number | undefined,
    readonly headers: Readonly<Record<string, string>>,
    detail?: string,
  ) {
    super(detail ?? `the server answered the handshake with HTTP ${status}`);
  }
}

/**
 * Something took longer than its deadline: the opening handshake (`Settings.handshakeTimeout`), or a call of
 * `@aws/rpc` that got no answer in time (`operation: 'call'`, its `timeout` option).
 *
 * @example
 * ```ts
 * await client.connect({ id, url, handshakeTimeout: 2_000 }) // rejects with TimedOutError if no answer in 2 s
 * ```
 */
export class TimedOutError extends WebSocketError {
  readonly _tag = 'TimedOutError';
  constructor(
    readonly operation: 'handshake' | 'call',
    readonly milliseconds: number,
  ) {
    super(`the ${operation} timed out after ${milliseconds} ms`);
  }
}

/**
 * The network connection could not be made or failed: DNS lookup, refused connection, TLS verification, reset.
 * `code` is the system's error code when there is one (`ECONNREFUSED`, `ENOTFOUND`, ...) and `cause` the original error.
 *
 * @example
 * ```ts
 * if (status.type === 'didFail' && status.error instanceof ConnectionFailedError) console.log(status.error.code)
 * ```
 */
export class ConnectionFailedError extends WebSocketError {
  readonly _tag = 'ConnectionFailedError';
  readonly code: string | undefined;
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    const code = (cause as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/**
 * A close code that may not be sent on the wire (1004, 1005, 1006, 1015, or outside 1000–1014 and 3000–4999).
 * See {@link isSendableCloseCode}.
 *
 * @example
 * ```ts
 * await client.close(id, 1006) // rejects with InvalidCloseCodeError
 * ```
 */
export class InvalidCloseCodeError extends WebSocketError {
  readonly _tag = 'InvalidCloseCodeError';
  constructor(readonly code: unknown) {
    super(`close code ${String(code)} may not be sent`);
  }
}

/**
 * A close reason longer than 123 bytes in UTF-8, or not a string.
 *
 * @example
 * ```ts
 * await client.close(id, 1000, 'x'.repeat(200)) // rejects with InvalidCloseReasonError
 * ```
 */
export class InvalidCloseReasonError extends WebSocketError {
  readonly _tag = 'InvalidCloseReasonError';
  constructor(readonly byteLength: number) {
    super(`a close reason may have at most 123 bytes, this one has ${byteLength}`);
  }
}

/**
 * A frame that cannot be sent: text that is not a string, binary data that is not a `Uint8Array`, a ping or pong
 * payload over 125 bytes, an unknown frame type.
 *
 * @example
 * ```ts
 * await client.send(id, Frame.ping(new Uint8Array(200))) // rejects with InvalidFrameError
 * ```
 */
export class InvalidFrameError extends WebSocketError {
  readonly _tag = 'InvalidFrameError';
  constructor(detail: string) {
    super(`invalid frame: ${detail}`);
  }
}

/**
 * A method of the {@link unimplemented} test client was called that the test did not provide.
 *
 * @example
 * ```ts
 * unimplemented.isConnected(id) // throws UnimplementedError: WebSocketClient.isConnected is unimplemented
 * ```
 */
export class UnimplementedError extends WebSocketError {
  readonly _tag = 'UnimplementedError';
  constructor(readonly method: string) {
    super(`WebSocketClient.${method} is unimplemented`);
  }
}

/**
 * The send queue was full and its overflow policy is `'reject'`: this message was not queued.
 *
 * @example
 * ```ts
 * await client.send(id, frame).catch((e) => { if (e instanceof SendQueueFullError) metrics.dropped++ })
 * ```
 */
export class SendQueueFullError extends WebSocketError {
  readonly _tag = 'SendQueueFullError';
  constructor(
    readonly id: ID,
    readonly limit: { readonly messages: number; readonly bytes: number },
  ) {
    super(`the send queue of ${id} is full (${limit.messages} messages or ${limit.bytes} bytes)`);
  }
}

/**
 * A queued message was dropped to make room for a newer one (overflow policy `'dropOldest'`): it was never written.
 *
 * @example
 * ```ts
 * client.send(id, Frame.text(tick)).catch((e) => e instanceof MessageDroppedError || reportError(e))
 * ```
 */
export class MessageDroppedError extends WebSocketError {
  readonly _tag = 'MessageDroppedError';
  constructor(readonly id: ID) {
    super(`a queued message of ${id} was dropped to make room for a newer one`);
  }
}

/**
 * A setting outside its domain: a timeout that is not a positive number of milliseconds, a queue bound below 1, a
 * heartbeat faster than 10 ms, a header with CR or LF, a subprotocol that is not an HTTP token. `setting` is its
 * dotted path (`'sendQueue.messages'`, `'heartbeat.interval'`, `'headers'`) and `expected` says what it accepts.
 * `open` throws it before anything is started; from a per-attempt function (`url`, `headers`, `protocols`) it ends the
 * connection with `didFail`, without retrying.
 *
 * @example
 * ```ts
 * client.open({ id, url, handshakeTimeout: -1 }) // throws InvalidSettingsError: handshakeTimeout must be ...
 * ```
 */
export class InvalidSettingsError extends WebSocketError {
  readonly _tag = 'InvalidSettingsError';
  constructor(
    readonly setting: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${setting} must be ${expected}, not ${describe(value)}`);
  }
}

/**
 * A setting this platform's WebSocket cannot honour: handshake headers, TLS options or ping frames on the web's
 * `WebSocket`, say. It is an {@link InvalidSettingsError} (same `_tag`, caught the same way) that also names the
 * platform; `open` throws it before anything is started, rather than ignore the setting.
 *
 * @example
 * ```ts
 * createWebClient().open({ id, url, headers: { authorization } })
 * // throws UnsupportedSettingError: headers cannot be set on the web WebSocket (browsers, Bun, Deno, Node 22+): ...
 * ```
 */
export class UnsupportedSettingError extends InvalidSettingsError {
  constructor(
    setting: string,
    value: unknown,
    readonly platform: string,
    instead: string,
  ) {
    super(setting, value, `unset on ${platform}, which cannot honour it (${instead})`);
    this.message = `${setting} cannot be set on ${platform}: ${instead}`;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** Every error the client reports, discriminated on `_tag`. */
export type WebSocketClientError =
  | AlreadyOpenedError
  | ConnectionClosedError
  | EmptyUrlError
  | InvalidUrlError
  | AbortedError
  | HandshakeFailedError
  | TimedOutError
  | ConnectionFailedError
  | InvalidCloseCodeError
  | InvalidCloseReasonError
  | InvalidFrameError
  | SendQueueFullError
  | MessageDroppedError
  | InvalidSettingsError
  | UnimplementedError;
