import { ConnectionFailedError, HandshakeFailedError, type CloseInfo } from '@aws/client';
import type { DataFrame, SocketEvents, TransportSocket } from '@aws/core';
import { OPEN, type WebSocketEvent, type WebSocketLike } from './web-socket-api.js';
import { oversize } from './oversize.js';
import { SendCompletion } from './send-completion.js';

/** What a full receive buffer does on a platform that cannot stop reading: see `WebClientOptions.receiveOverflow`. */
export type ReceiveOverflow = 'close' | 'drop';

/** The per-socket limits the adapter enforces itself, since the web API enforces none of them. */
export interface AdapterLimits {
  readonly maxMessageSize: number;
  readonly closeTimeout: number;
  readonly protocolsOffered: boolean;
  readonly receiveOverflow: ReceiveOverflow;
}

/**
 * One WHATWG WebSocket behind the transport port. What `ws` gives and the web API does not is made here: `terminate`
 * (the socket is let go and its end reported at once), the close timeout, the message size limit (checked once a
 * message has arrived, since the platform reads it whole first), write completion (from `bufferedAmount`, see
 * {@link SendCompletion}) and a bounded receive buffer (close with 1008, or drop, as no web socket can pause).
 */
export class WebSocketAdapter implements TransportSocket {
  private opened = false;
  private over = false;
  /** Whether messages are dropped: the receive buffer is full and the overflow policy is `drop`. */
  private dropping = false;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly completion: SendCompletion;
  /**
   * What is registered for the socket's events: a function that is also an object with `handleEvent`, so it fits
   * `WebSocketLike` either way. A function, because Node's `EventTarget` (undici's `WebSocket`) wraps a `handleEvent`
   * object in an async function: a promise, a microtask and a catch handler for every message.
   */
  private readonly listener: ((event: WebSocketEvent) => void) & { handleEvent(event: WebSocketEvent): void };

  constructor(
    private readonly ws: WebSocketLike,
    private readonly events: SocketEvents,
    private readonly limits: AdapterLimits,
  ) {
    this.completion = new SendCompletion(ws);
    ws.binaryType = 'arraybuffer';
    const listener = (event: WebSocketEvent): void => this.handleEvent(event);
    this.listener = Object.assign(listener, { handleEvent: listener });
    for (const type of ['open', 'message', 'error', 'close']) ws.addEventListener(type, this.listener);
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  write(frame: DataFrame, done: (error?: Error | null) => void): void {
    // Ping and pong frames are refused by the transport before they are queued (the web API has none).
    if (frame.type !== 'message') return done(new Error(`${frame.type} frames cannot be sent on the web WebSocket`));
    if (this.over || this.ws.readyState !== OPEN) return done(new Error('the WebSocket is not open'));
    const data = frame.message.type === 'text' ? frame.message.text : frame.message.data;
    try {
      this.completion.send(data, done);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(code: number, reason: string): void {
    if (this.over) return;
    this.ws.close(code, reason);
    // The web API waits for the server's answer as long as the server likes: the close timeout is ours to keep.
    this.closeTimer ??= setTimeout(() => this.finish(1006, ''), this.limits.closeTimeout);
  }

  /** No web socket can be destroyed without a word: it is closed (aborted while connecting), let go, and its end
   * reported at once as a dropped connection. */
  terminate(): void {
    if (this.over) return;
    this.detach();
    try {
      this.ws.close();
    } catch {
      // A socket the platform has already given up on: nothing to close.
    }
    setTimeout(() => this.report(1006, ''), 0);
  }

  /** Under `drop`, pausing drops what arrives, but the socket reads on. */
  get readsWhilePaused(): boolean {
    return this.limits.receiveOverflow === 'drop';
  }

  pause(): void {
    if (this.limits.receiveOverflow === 'drop') this.dropping = true;
    else this.fail({ code: 1008, reason: 'receive buffer full (the web WebSocket cannot pause reading)' });
  }

  resume(): void {
    this.dropping = false;
  }

  handleEvent(event: WebSocketEvent): void {
    if (this.over) return;
    switch (event.type) {
      case 'open':
        return this.onOpen();
      case 'message':
        return this.onMessage(event.data);
      case 'error':
        // The web API says nothing of why (refused, DNS, TLS, an HTTP answer other than 101, a protocol error):
        // only that it failed. Once open, the close event that follows reports 1006.
        if (!this.opened) {
          this.events.openingFailed(new ConnectionFailedError(new Error('the WebSocket failed to open (the web API does not say why)')));
        }
        return;
      case 'close': {
        // Deno reports a connection that dropped with code 0: what the standard calls 1006.
        const code = event.code !== undefined && event.code >= 1000 ? event.code : 1006;
        return this.finish(code, event.reason ?? '');
      }
    }
  }

  private onOpen(): void {
    this.opened = true;
    // As on Node: a server that picks none of the subprotocols offered fails the handshake.
    if (this.limits.protocolsOffered && this.ws.protocol === '') {
      this.events.openingFailed(new HandshakeFailedError(101, {}, 'the server chose none of the subprotocols offered'));
      this.opened = false;
      return this.terminate();
    }
    this.events.opened({ protocol: this.ws.protocol, extensions: this.ws.extensions });
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string' && !(data instanceof ArrayBuffer)) return;
    const bytes = oversize(data, this.limits.maxMessageSize);
    if (bytes !== undefined) return this.overLimit(bytes);
    const frame: DataFrame =
      typeof data === 'string'
        ? { type: 'message', message: { type: 'text', text: data } }
        : { type: 'message', message: { type: 'binary', data: new Uint8Array(data) } };
    // Dropped for the application, but heard by the heartbeat: it may be its answer.
    if (this.dropping) this.events.dropped(frame);
    else this.events.received(frame);
  }

  private overLimit(bytes: number): void {
    this.fail({ code: 1009, reason: `a message of ${bytes} bytes is over maxMessageSize` });
  }

  /** The connection is failed at once, as `ws` fails a peer that broke a limit: the close is reported locally with
   * its code, while the wire gets 1000 and the reason (the web API sends no other code below 3000). */
  private fail(close: CloseInfo): void {
    if (this.over) return;
    this.events.failed(close);
    this.detach();
    try {
      this.ws.close(1000, close.reason.slice(0, 120));
    } catch {
      // Already closing.
    }
    setTimeout(() => this.report(1006, ''), 0);
  }

  private finish(code: number, reason: string): void {
    if (this.over) return;
    this.detach();
    this.report(code, reason);
  }

  private detach(): void {
    this.over = true;
    if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    this.completion.stop();
    for (const type of ['open', 'message', 'error', 'close']) this.ws.removeEventListener(type, this.listener);
  }

  private report(code: number, reason: string): void {
    this.events.ended(code, reason);
  }
}
