import { ConnectionFailedError, HandshakeFailedError, type CloseInfo } from '@aws/client';
import type { Attempt, DataFrame, ResolvedSettings, SocketEvents, Transport, TransportSocket } from '@aws/core';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { type ClientOptions } from 'ws';
import { beforeWrite, flushTurn, type TurnWriter } from './turn-cork.js';

/** The close codes `ws` sends for what it refuses to read (its receiver's error codes): 1002 for the rest. */
const closeCodes: Readonly<Record<string, number>> = {
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 1008,
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009,
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
};

const ignore = (): void => {};

const asText = { binary: false } as const;

/** The text message of the latest shared write and its UTF-8, kept for the rest of its fan-out. */
let sharedText: object | undefined;
let sharedBytes: Buffer | undefined;

/**
 * One `ws` WebSocket behind the transport port. `ws` answers pings itself only up to a number of pongs not yet
 * written, then terminates without a word; this socket answers them itself, so that a ping flood ends the connection
 * with 1008 and a reason rather than an anonymous 1006.
 */
class WsSocket implements TransportSocket, TurnWriter {
  /** The upgrade answer's headers, kept only while the handshake may still fail after a 101. */
  upgradeHeaders: Record<string, string> | undefined;
  extensions = '';
  pendingPongs = 0;
  opened = false;
  failTimer: ReturnType<typeof setImmediate> | undefined;
  lastTurn = -1;

  constructor(
    readonly ws: WebSocket,
    readonly events: SocketEvents,
    readonly maxPendingPongs: number,
  ) {}

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** The TCP (or TLS) socket under the WebSocket, from public API only: the upgrade response's socket for a dialled
   * one, the upgrade's socket for an accepted one. The frames of one turn after its first go out together through it
   * (see beforeWrite); without it, each frame is written as ws writes it. */
  tcp: Duplex | undefined;

  write(frame: DataFrame, done: (error?: Error | null) => void): void {
    const ws = this.ws;
    beforeWrite(
      this,
      this.tcp,
      frame.type !== 'message' ? 0 : frame.message.type === 'text' ? frame.message.text.length : frame.message.data.byteLength,
    );
    switch (frame.type) {
      case 'message':
        if (frame.message.type === 'text') ws.send(frame.message.text, done);
        else ws.send(frame.message.data, { binary: true }, done);
        return;
      case 'ping':
        return ws.ping(frame.data, undefined, done);
      case 'pong':
        return ws.pong(frame.data, undefined, done);
    }
  }

  writeFragment(data: string | Uint8Array, binary: boolean, final: boolean, done: (error?: Error | null) => void): void {
    beforeWrite(this, this.tcp, typeof data === 'string' ? data.length : data.byteLength);
    this.ws.send(data, { binary, fin: final }, done);
  }

  writeShared(frame: DataFrame, done: ((error?: Error | null) => void) | undefined): void {
    if (frame.type !== 'message' || frame.message.type !== 'text') return this.write(frame, done ?? ignore);
    // A broadcast writes the same message to every socket in one turn: its UTF-8 is encoded once, not per socket.
    if (sharedText !== frame.message) {
      sharedText = frame.message;
      sharedBytes = Buffer.from(frame.message.text);
      // Let go of it once the fan-out's turn is over.
      queueMicrotask(() => {
        sharedText = undefined;
        sharedBytes = undefined;
      });
    }
    beforeWrite(this, this.tcp, (sharedBytes as Buffer).byteLength);
    this.ws.send(sharedBytes as Buffer, asText, done);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    flushTurn(this.tcp);
    this.ws.terminate();
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  ping(): void {
    this.ws.ping();
  }

  /** The peer broke the protocol or a limit: report it, and fail the connection (RFC 6455 §7.1.7) once the close
   * frame `ws` (or we) sent has had a turn to be written, rather than wait `closeTimeout` for a broken peer. */
  fail(close: CloseInfo): void {
    this.events.failed(close);
    this.failTimer ??= setImmediate(() => this.ws.terminate());
  }
}

const owner = Symbol('transport socket');

/** A WebSocket that knows its transport socket: an {@link OwnedWebSocket}, or a plain one with listeners. */
type Owned = WebSocket & { [owner]?: WsSocket | undefined };

/**
 * A `ws` WebSocket that hands its events straight to its transport socket. `ws` emits them on itself, so overriding
 * `emit` replaces five to eight registered listeners, whose table took ~450 B on every idle connection, with none.
 * Messages, pings and pongs go to the transport socket only; the other events (and every event once it has ended)
 * also go to `EventEmitter` as usual. For
 * `@aws/server-live`, whose `WebSocketServer` makes its sockets of this class.
 *
 * @example
 * ```ts
 * const wss = new WebSocketServer({ noServer: true, WebSocket: OwnedWebSocket })
 * ```
 */
export class OwnedWebSocket extends WebSocket {
  [owner]: WsSocket | undefined = undefined;

  // ws emits with at most two arguments; fixed parameters keep a rest array off the per-message path.
  override emit(event: string | symbol, a?: unknown, b?: unknown): boolean {
    if (this[owner] !== undefined) {
      switch (event) {
        case 'message':
          listeners.message.call(this, a as Buffer, b as boolean);
          return true;
        case 'ping':
          listeners.ping.call(this, a as Buffer);
          return true;
        case 'pong':
          listeners.pong.call(this, a as Buffer);
          return true;
        case 'unexpected-response':
          // Handled: true tells ws not to abort the handshake itself.
          listeners.unexpectedResponse.call(this, a as { destroy(): void }, b as IncomingMessage);
          return true;
        case 'error':
          listeners.error.call(this, a as Error);
          break;
        case 'close':
          listeners.close.call(this, a as number, b as Buffer);
          break;
        case 'open':
          listeners.open.call(this);
          break;
        case 'upgrade':
          listeners.upgrade.call(this, a as IncomingMessage);
          break;
      }
    }
    // The rare events also reach whoever else listens (a WebSocketServer that tracks its clients listens for
    // 'close'); an error nobody else listens to is not thrown: ws may report one on a socket that is already gone.
    if (event === 'error' && this.listenerCount('error') === 0) return true;
    return super.emit(event, a, b);
  }
}

// What each event does, shared by every socket rather than closures per socket (idle memory counts): called with
// the WebSocket as `this`, which knows its transport socket.
const listeners = {
  upgrade(this: Owned, response: IncomingMessage): void {
    const socket = this[owner];
    if (socket === undefined) return;
    socket.upgradeHeaders = flatHeaders(response);
    socket.tcp = response.socket;
    socket.extensions = socket.upgradeHeaders['sec-websocket-extensions'] ?? '';
  },
  unexpectedResponse(this: Owned, request: { destroy(): void }, response: IncomingMessage): void {
    this[owner]?.events.openingFailed(new HandshakeFailedError(response.statusCode, flatHeaders(response)));
    response.resume();
    request.destroy();
    this.terminate();
  },
  open(this: Owned): void {
    const socket = this[owner];
    if (socket === undefined) return;
    socket.opened = true;
    // The handshake is over: its listeners and headers would only weigh on every open connection from now on.
    socket.upgradeHeaders = undefined;
    socket.events.opened({ protocol: this.protocol, extensions: socket.extensions });
  },
  message(this: Owned, data: Buffer, isBinary: boolean): void {
    this[owner]?.events.received(
      isBinary
        ? { type: 'message', message: { type: 'binary', data } }
        : { type: 'message', message: { type: 'text', text: data.toString() } },
    );
  },
  ping(this: Owned, data: Buffer): void {
    const socket = this[owner];
    if (socket === undefined) return;
    if (this.readyState === WebSocket.OPEN) {
      if (socket.pendingPongs >= socket.maxPendingPongs) {
        const close = { code: 1008, reason: `more than ${socket.maxPendingPongs} pings awaiting their pong` };
        this.close(close.code, close.reason);
        return socket.fail(close);
      }
      socket.pendingPongs += 1;
      this.pong(data, undefined, () => (socket.pendingPongs -= 1));
    }
    socket.events.received({ type: 'ping', data });
  },
  pong(this: Owned, data: Buffer): void {
    this[owner]?.events.received({ type: 'pong', data });
  },
  error(this: Owned, error: Error & { code?: unknown }): void {
    const socket = this[owner];
    if (socket === undefined) return;
    if (!socket.opened) {
      const headers = socket.upgradeHeaders;
      socket.events.openingFailed(
        headers === undefined ? new ConnectionFailedError(error) : new HandshakeFailedError(101, headers, error.message),
      );
    } else {
      const code = typeof error.code === 'string' && error.code.startsWith('WS_ERR_') ? (closeCodes[error.code] ?? 1002) : 1006;
      socket.fail({ code, reason: error.message });
    }
  },
  close(this: Owned, code: number, reason: Buffer): void {
    const socket = this[owner];
    // From now on emit swallows errors: ws may still report a late one on a destroyed socket, and it must not
    // become an uncaught exception.
    this[owner] = undefined;
    if (socket === undefined) return;
    if (socket.failTimer !== undefined) clearImmediate(socket.failTimer);
    socket.events.ended(code, reason.toString());
  },
};

/**
 * The Node.js transport: every socket a `ws` WebSocket with what the settings ask for (headers, TLS, compression,
 * the message size limit, the close timeout). This is the one module of the library that imports `ws`.
 *
 * @example
 * ```ts
 * import { createClient } from '@aws/core'
 * const client = createClient(wsTransport, { logger }) // what createLiveClient() is
 * ```
 */
export const wsTransport: Transport = {
  name: 'Node.js (ws)',
  connect(attempt: Attempt, settings: ResolvedSettings, events: SocketEvents): TransportSocket {
    const node = settings.node;
    const options: ClientOptions & { closeTimeout: number } = {
      headers: { ...attempt.headers },
      maxPayload: node.maxMessageSize,
      closeTimeout: node.closeTimeout,
      perMessageDeflate: node.compression,
      autoPong: false,
      // Redirects are not followed: a redirected handshake reports the 3xx as HandshakeFailedError.
      followRedirects: false,
      ...(node.tls as Record<string, unknown> | undefined),
    };
    const ws = new OwnedWebSocket(attempt.url, [...attempt.protocols], options);
    return attach(ws, new WsSocket(ws, events, node.maxPendingPongs));
  },
};

/**
 * Puts a `ws` WebSocket that is already open (one a `WebSocketServer` accepted) behind the transport port, so a
 * server connection runs on the same per-socket machinery as the client's. For `@aws/server-live`. `tcp`, the socket
 * the upgrade came on, lets the frames one turn writes go out in one system call.
 *
 * @example
 * ```ts
 * wss.handleUpgrade(request, socket, head, (ws) => peer.start(adoptWebSocket(ws, peer.events, 60, socket)))
 * ```
 */
export function adoptWebSocket(accepted: WebSocket, events: SocketEvents, maxPendingPongs = 60, tcp?: Duplex): TransportSocket {
  // A WebSocketServer given `WebSocket: OwnedWebSocket` makes these; any other is wrapped by listeners.
  const ws = accepted as Owned;
  const socket = new WsSocket(ws, events, maxPendingPongs);
  socket.opened = true;
  socket.tcp = tcp;
  return attach(ws, socket);
}

/** Hands the WebSocket's events to `socket`: through `emit` for an {@link OwnedWebSocket}, through listeners for
 * a plain one. */
function attach(ws: Owned, socket: WsSocket): WsSocket {
  ws[owner] = socket;
  if (!(ws instanceof OwnedWebSocket)) {
    ws.on('message', listeners.message);
    ws.on('ping', listeners.ping);
    ws.on('pong', listeners.pong);
    ws.on('error', listeners.error);
    ws.on('close', listeners.close);
  }
  return socket;
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
