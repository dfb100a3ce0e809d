import { ConnectionFailedError, HandshakeFailedError, type CloseInfo } from '@aws/client';
import type { DataFrame, SocketEvents, TransportSocket } from '@aws/core';
import { oversize } from './oversize.js';
import type { AdapterLimits } from './web-socket-adapter.js';

type Chunk = string | ArrayBuffer | ArrayBufferView;

/** The part of a `WebSocketStream` (WHATWG, shipped by Chromium) the transport uses. */
export interface WebSocketStreamLike {
  readonly opened: Promise<{
    readonly readable: ReadableStream<Chunk>;
    readonly writable: WritableStream<string | Uint8Array>;
    readonly protocol: string;
    readonly extensions: string;
  }>;
  readonly closed: Promise<{ readonly closeCode?: number; readonly reason?: string }>;
  close(info?: { closeCode?: number; reason?: string }): void;
}

/**
 * A `WebSocketStream` constructor: `globalThis.WebSocketStream` where the platform has one (Chromium), or one passed
 * to `webSocketStream()` from `@aws/client-web/web-socket-stream` (the client uses one only when asked).
 *
 * @example
 * ```ts
 * const client = createWebClient({ WebSocketStream: webSocketStream(globalThis.WebSocketStream) })
 * ```
 */
export type WebSocketStreamConstructor = new (url: string, options?: { protocols?: string[]; signal?: AbortSignal }) => WebSocketStreamLike;

/**
 * One `WebSocketStream` behind the transport port: what the plain web `WebSocket` cannot give, it can. Reading stops
 * while the receive buffer is full (the stream's backpressure reaches TCP, as `ws` pausing does on Node), and a write
 * completes when the stream says it was written. The limits the platform does not keep (message size, close
 * timeout) are kept here as in {@link WebSocketAdapter}.
 *
 * Opt-in only: Chromium 156 crashes the renderer when the connection ends without a closing handshake while a write
 * is pending (its sink rejects the write before it holds the error), and a write is pending whenever a message is
 * larger than the buffers take or the network is slower than the sender; stalled-drop.test.ts shows it.
 */
export class WebSocketStreamAdapter implements TransportSocket {
  private over = false;
  private paused = false;
  private reading = false;
  private reader: ReadableStreamDefaultReader<Chunk> | undefined;
  private writer: WritableStreamDefaultWriter<string | Uint8Array> | undefined;
  private pending = 0;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly abort = new AbortController();
  private readonly stream: WebSocketStreamLike;

  constructor(
    WebSocketStream: WebSocketStreamConstructor,
    url: string,
    protocols: readonly string[],
    private readonly events: SocketEvents,
    private readonly limits: AdapterLimits,
  ) {
    this.stream = new WebSocketStream(url, { protocols: [...protocols], signal: this.abort.signal });
    this.stream.opened.then(
      (opened) => {
        if (this.over) return;
        if (this.limits.protocolsOffered && opened.protocol === '') {
          this.events.openingFailed(new HandshakeFailedError(101, {}, 'the server chose none of the subprotocols offered'));
          return this.terminate();
        }
        this.reader = opened.readable.getReader();
        this.writer = opened.writable.getWriter();
        this.events.opened({ protocol: opened.protocol, extensions: opened.extensions });
        this.read();
      },
      () => {
        if (!this.over) {
          this.events.openingFailed(
            new ConnectionFailedError(new Error('the WebSocketStream failed to open (the web API does not say why)')),
          );
        }
      },
    );
    this.stream.closed.then(
      (closed) => this.finish(closed.closeCode !== undefined && closed.closeCode >= 1000 ? closed.closeCode : 1005, closed.reason ?? ''),
      () => this.finish(1006, ''),
    );
  }

  /** Bytes handed to the stream and not yet written (text counted in UTF-16 units): the send queue's water marks. */
  get bufferedAmount(): number {
    return this.pending;
  }

  write(frame: DataFrame, done: (error?: Error | null) => void): void {
    const writer = this.writer;
    if (frame.type !== 'message') return done(new Error(`${frame.type} frames cannot be sent on the web WebSocket`));
    if (this.over || writer === undefined) return done(new Error('the WebSocketStream is not open'));
    const data = frame.message.type === 'text' ? frame.message.text : frame.message.data;
    const size = typeof data === 'string' ? data.length : data.byteLength;
    this.pending += size;
    writer.write(data).then(
      () => {
        this.pending -= size;
        done();
      },
      (error: unknown) => {
        this.pending -= size;
        done(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  close(code: number, reason: string): void {
    if (this.over) return;
    this.stream.close({ closeCode: code, reason });
    this.closeTimer ??= setTimeout(() => this.finish(1006, ''), this.limits.closeTimeout);
  }

  terminate(): void {
    if (this.over) return;
    this.detach();
    // While connecting, the signal aborts the handshake; once open, close() (Chromium 156 crashes the page when a
    // stream is both aborted and closed while it connects).
    if (this.writer === undefined) this.abort.abort();
    else {
      try {
        this.stream.close();
      } catch {
        // Already closed.
      }
    }
    setTimeout(() => this.events.ended(1006, ''), 0);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.read();
  }

  /** Reads while open and not paused: one read at a time, so a pause leaves the rest in the stream (and TCP). */
  private read(): void {
    const reader = this.reader;
    if (this.reading || this.paused || this.over || reader === undefined) return;
    this.reading = true;
    reader.read().then(
      ({ value, done }) => {
        this.reading = false;
        if (done || this.over || value === undefined) return;
        this.received(value);
        this.read();
      },
      () => {
        // The stream errored: `closed` reports the end.
        this.reading = false;
      },
    );
  }

  private received(data: Chunk): void {
    const bytes = oversize(data, this.limits.maxMessageSize);
    if (bytes !== undefined) return this.fail({ code: 1009, reason: `a message of ${bytes} bytes is over maxMessageSize` });
    if (typeof data === 'string') return this.events.received({ type: 'message', message: { type: 'text', text: data } });
    const binary = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.events.received({ type: 'message', message: { type: 'binary', data: binary } });
  }

  /** As the plain adapter: reported locally with its code, 1000 and the reason on the wire, ended at once. */
  private fail(close: CloseInfo): void {
    if (this.over) return;
    this.events.failed(close);
    this.detach();
    try {
      this.stream.close({ closeCode: 1000, reason: close.reason.slice(0, 120) });
    } catch {
      // Already closing.
    }
    setTimeout(() => this.events.ended(1006, ''), 0);
  }

  private finish(code: number, reason: string): void {
    if (this.over) return;
    this.detach();
    this.events.ended(code, reason);
  }

  private detach(): void {
    this.over = true;
    if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
  }
}
