import { ConnectionFailedError, HandshakeFailedError, type CloseInfo } from '@aws/client';
import type { Attempt, DataFrame, ResolvedSettings, SocketEvents, Transport, TransportSocket } from '@aws/core';
import { isAscii } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as wsModule from 'ws';
import WebSocket, { type ClientOptions } from 'ws';
import { beforeWrite, flushTurn, heldWithRoom, type TurnWriter } from './turn-cork.js';

/** The close codes `ws` sends for what it refuses to read (its receiver's error codes): 1002 for the rest. */
const closeCodes: Readonly<Record<string, number>> = {
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 1008,
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009,
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
};

const ignore = (): void => {};

const asText = { binary: false } as const;
const asBinary = { binary: true } as const;

/**
 * A text message as `ws` received it. Its own properties are a text message's, `type` and `text`, and nothing else
 * (JSON, a spread, a deep equality see the plain message); the UTF-8 it arrived in is kept out of sight until the end
 * of the turn, so that a handler that sends the message on at once (an echo, a relay) has those bytes written again
 * rather than the text encoded anew. Kept no longer: a message a program stores must not hold the socket's read
 * buffer that its bytes are a view of.
 */
class ReceivedText {
  readonly type: 'text';
  readonly text: string;
  #bytes: Buffer | undefined;
  /** The text the bytes are of: a plain JavaScript caller could assign another to `text`. */
  readonly #text: string;

  constructor(bytes: Buffer) {
    this.type = 'text';
    this.text = decode(bytes);
    this.#text = this.text;
    this.#bytes = bytes;
    if (holding.push(this) === 1) setImmediate(releaseHeld);
  }

  /** The UTF-8 of `message` when it is a received text still holding the bytes of its text. */
  static bytesOf(message: object): Buffer | undefined {
    return #bytes in message && message.text === message.#text ? message.#bytes : undefined;
  }

  static release(message: ReceivedText): void {
    message.#bytes = undefined;
  }
}

/** From this size on, a text that is all ASCII is decoded as Latin-1, the same characters for those bytes: Node's
 * UTF-8 decoder takes about three times as long on a long text (5 µs for 16 KiB), the ASCII check a fraction. */
const asciiCheckFrom = 1024;

/** The text of UTF-8 that `ws` has validated. */
function decode(bytes: Buffer): string {
  return bytes.byteLength >= asciiCheckFrom && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString();
}

/** The received texts of this turn that hold their bytes. */
let holding: ReceivedText[] = [];

function releaseHeld(): void {
  const held = holding;
  holding = [];
  for (const message of held) ReceivedText.release(message);
}

/** The message of the latest shared write, its payload and (made on first need) its whole frame as a server sends
 * it, kept for the rest of its fan-out. */
let sharedMessage: object | undefined;
let sharedPayload: Buffer | undefined;
let sharedFrame: Buffer | undefined;

function forgetShared(): void {
  sharedMessage = undefined;
  sharedPayload = undefined;
  sharedFrame = undefined;
}

interface FrameOptions {
  readonly fin: boolean;
  readonly opcode: number;
  readonly mask: boolean;
  readonly readOnly: boolean;
  readonly rsv1: boolean;
}

/** `ws`'s own framing, `Sender.frame` (public in `ws`, left out of its type definitions): header and payload. */
const frameParts = (wsModule as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender.frame;
const textFrame: FrameOptions = { fin: true, opcode: 0x1, mask: false, readOnly: true, rsv1: false };
const binaryFrame: FrameOptions = { ...textFrame, opcode: 0x2 };

/** A whole data frame as a server writes it (final, unmasked, no extension), framed by `ws`, in one buffer. */
function serverFrame(payload: Buffer, binary: boolean): Buffer {
  const [header, data] = frameParts(payload, binary ? binaryFrame : textFrame);
  return data === undefined ? (header as Buffer) : Buffer.concat([header as Buffer, data]);
}

/** Up to this many bytes (UTF-16 units of a text), a server's message is written as one buffer, header and payload
 * (see writeDirect): past it, copying the payload costs more than the two-part write saves. */
const directBytes = 1024;

/**
 * One `ws` WebSocket behind the transport port. `ws` answers pings itself only up to a number of pongs not yet
 * written, then terminates without a word; this socket answers them itself, so that a ping flood ends the connection
 * with 1008 and a reason rather than an anonymous 1006.
 */
class WsSocket implements TransportSocket, TurnWriter {
  /** The upgrade answer's headers, kept only while the handshake may still fail after a 101. */
  upgradeHeaders: Record<string, string> | undefined;
  pendingPongs = 0;
  /** A dialled socket is 'opening' until its handshake completes, then 'open'. An 'accepted' one (open from the
   * start) differs in one thing: its received texts keep their bytes for the turn (an echo or relay writes them
   * again). A dialled one does not: a client reads what it receives, and holding the bytes only cost it (GC, ~0.7 µs
   * of CPU per 64 B message). One field for both facts (idle memory counts). */
  stage: 'opening' | 'open' | 'accepted' = 'opening';
  failTimer: ReturnType<typeof setImmediate> | undefined;
  lastTurn = -1;
  get opened(): boolean {
    return this.stage !== 'opening';
  }
  get accepted(): boolean {
    return this.stage === 'accepted';
  }
  /** An accepted socket without extensions: its data frames are written as they are, with no state in `ws`'s
   * sender, so a shared frame may be written to the TCP socket directly (see writeShared). */
  get plainServer(): boolean {
    return this.stage === 'accepted' && this.ws.extensions === '';
  }
  /** Between the first and the final fragment of a message, when no other data frame may go out. */
  midMessage = false;

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
      case 'message': {
        const message = frame.message;
        if (message.type === 'binary') {
          if (message.data.byteLength > directBytes || !this.writeDirect(message.data, true, done)) ws.send(message.data, asBinary, done);
          return;
        }
        const bytes = ReceivedText.bytesOf(message);
        if (bytes !== undefined) {
          if (bytes.byteLength > directBytes || !this.writeDirect(bytes, false, done)) ws.send(bytes, asText, done);
          return;
        }
        if (message.text.length > directBytes || !this.writeDirect(message.text, false, done)) ws.send(message.text, done);
        return;
      }
      case 'ping':
        return ws.ping(frame.data, undefined, done);
      case 'pong':
        return ws.pong(frame.data, undefined, done);
    }
  }

  /**
   * Writes a small message of a server's plain socket as one buffer straight to its TCP socket: what `ws` would
   * write (it keeps no state for an unmasked, uncompressed frame), without its framing's allocations and the
   * two-part `writev`. False, writing nothing, when `ws` must write it (a client's masked frame, compression, a
   * fragmented message under way, a socket not open).
   *
   * A frame that the turn's cork holds with room (see `heldWithRoom`) is reported written at once, in a promise job
   * rather than at the socket's write callback: a serial echo (each handler awaits its send) then writes every
   * message of a read into the turn's one `writev`, where it took one system call per message (2.9× the echo
   * throughput of raw `ws` at 64 B, from 0.84×). Never synchronously: a caller draining its queue from the
   * completion would recurse.
   */
  private writeDirect(payload: string | Uint8Array, binary: boolean, done: (error?: Error | null) => void): boolean {
    const tcp = this.tcp;
    if (!this.plainServer || this.midMessage || tcp === undefined || this.ws.readyState !== WebSocket.OPEN) return false;
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const frame = serverFrame(bytes, binary);
    if (heldWithRoom(tcp, frame.byteLength)) {
      tcp.write(frame);
      queueMicrotask(done as () => void);
    } else tcp.write(frame, done);
    return true;
  }

  writeFragment(data: string | Uint8Array, binary: boolean, final: boolean, done: (error?: Error | null) => void): void {
    beforeWrite(this, this.tcp, typeof data === 'string' ? data.length : data.byteLength);
    this.midMessage = !final;
    this.ws.send(data, { binary, fin: final }, done);
  }

  writeShared(frame: DataFrame, done: ((error?: Error | null) => void) | undefined): void {
    if (frame.type !== 'message') return this.write(frame, done ?? ignore);
    // A broadcast writes the same message to every socket in one turn: its payload is encoded once, not per socket,
    // and so is its frame for a server's plain sockets, which then cost one socket write each instead of `ws`'s
    // framing of it for each.
    const message = frame.message;
    if (sharedMessage !== message) {
      sharedMessage = message;
      sharedPayload =
        message.type === 'binary'
          ? Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength)
          : (ReceivedText.bytesOf(message) ?? Buffer.from(message.text));
      sharedFrame = undefined;
      // Let go of it once the fan-out's turn is over.
      queueMicrotask(forgetShared);
    }
    const payload = sharedPayload as Buffer;
    const tcp = this.tcp;
    beforeWrite(this, tcp, payload.byteLength);
    if (this.plainServer && !this.midMessage && tcp !== undefined && this.ws.readyState === WebSocket.OPEN) {
      sharedFrame ??= serverFrame(payload, message.type === 'binary');
      if (done === undefined) tcp.write(sharedFrame);
      else tcp.write(sharedFrame, done);
      return;
    }
    this.ws.send(payload, message.type === 'binary' ? asBinary : asText, done);
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
    socket.stage = 'open';
    const extensions = socket.upgradeHeaders?.['sec-websocket-extensions'] ?? '';
    // The handshake is over: its listeners and headers would only weigh on every open connection from now on.
    socket.upgradeHeaders = undefined;
    socket.events.opened({ protocol: this.protocol, extensions });
  },
  message(this: Owned, data: Buffer, isBinary: boolean): void {
    const socket = this[owner];
    if (socket === undefined) return;
    socket.events.received({
      type: 'message',
      message: isBinary ? { type: 'binary', data } : socket.accepted ? new ReceivedText(data) : { type: 'text', text: decode(data) },
    });
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
  socket.tcp = tcp;
  socket.stage = 'accepted';
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
