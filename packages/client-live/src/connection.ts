import {
  AbortedError,
  ConnectionClosedError,
  ConnectionFailedError,
  HandshakeFailedError,
  InvalidFrameError,
  TimedOutError,
  type CloseInfo,
  type ConnectionStatus,
  type Frame,
  type ID,
  type Logger,
  type Settings,
  type WebSocketClientError,
} from '@aws/client';
import { ReplaySubject } from 'rxjs';
import type { IncomingMessage } from 'node:http';
import { FrameHub } from './frame-hub.js';
import { checkFrame, writeFrame } from './frame-writer.js';
import { Heartbeat } from './heartbeat.js';
import { LiveStream } from './live-stream.js';
import { openSocket, type Socket } from './socket.js';

type Phase = 'connecting' | 'open' | 'closing' | 'closed';
type DataFrame = Exclude<Frame, { type: 'close' }>;
type PendingSend = { frame: DataFrame; resolve: () => void; reject: (error: unknown) => void };

const defaultHandshakeTimeout = 30_000;

/**
 * One connection id of the live client: a small state machine (`connecting` → `open` → `closing` → `closed`) that
 * owns the socket, its timers and listeners, and the id's status and frame streams. The streams belong to the id, not
 * to the socket, so they can outlive one socket.
 */
export class Connection {
  private phase: Phase = 'connecting';
  private socket: Socket | undefined;
  private failure: WebSocketClientError | undefined;
  /** Why the socket is failing once open (invalid UTF-8, oversized message...): ws then reports 1006. */
  private protocolFailure: CloseInfo | undefined;
  private upgradeHeaders: Record<string, string> | undefined;
  private closeRequested: CloseInfo | undefined;
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: Heartbeat | undefined;
  private pending: PendingSend[] = [];
  // Replays the latest status, also after the stream has completed, so a late subscriber learns how it ended.
  private readonly statusSubject = new ReplaySubject<ConnectionStatus>(1);
  private readonly ended: Promise<CloseInfo>;
  private resolveEnded!: (info: CloseInfo) => void;

  readonly frames: FrameHub;
  readonly status = new LiveStream<ConnectionStatus>((subscriber) => this.statusSubject.subscribe(subscriber));

  constructor(
    readonly id: ID,
    private readonly settings: Settings,
    private readonly url: URL,
    private readonly logger: Logger,
    private readonly onEnded: (connection: Connection) => void,
  ) {
    const messages = settings.receiveBuffer?.messages ?? 1024;
    const bytes = settings.receiveBuffer?.bytes ?? 16 * 1024 * 1024;
    this.frames = new FrameHub(
      { highMessages: messages, highBytes: bytes, lowMessages: Math.floor(messages / 2), lowBytes: Math.floor(bytes / 2) },
      (paused) => this.setPaused(paused),
    );
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    this.statusSubject.next({ type: 'connecting' });
  }

  get isConnected(): boolean {
    return this.phase === 'open';
  }

  start(): void {
    const { signal } = this.settings;
    signal?.addEventListener('abort', this.onAbort);
    const timeout = this.settings.handshakeTimeout ?? defaultHandshakeTimeout;
    this.handshakeTimer = setTimeout(() => this.abortOpening(new TimedOutError('handshake', timeout)), timeout);
    this.logger.debug({ id: this.id, url: this.url.href }, 'opening');
    const socket = openSocket(this.url, this.settings);
    this.socket = socket;
    socket.on('upgrade', (response: IncomingMessage) => (this.upgradeHeaders = flatHeaders(response)));
    socket.on('unexpected-response', (request, response: IncomingMessage) => {
      this.failure ??= new HandshakeFailedError(response.statusCode, flatHeaders(response));
      response.resume();
      request.destroy();
      socket.terminate();
    });
    socket.on('open', () => this.opened(socket));
    socket.on('message', (data: Buffer, isBinary: boolean) => this.frames.emit(messageFrame(data, isBinary)));
    socket.on('ping', (data: Buffer) => this.frames.emit({ type: 'ping', data }));
    socket.on('pong', (data: Buffer) => {
      this.heartbeat?.pong();
      this.frames.emit({ type: 'pong', data });
    });
    socket.on('error', (error: Error) => this.failed(error));
    socket.on('close', (code: number, reason: Buffer) => this.socketClosed(code, reason.toString()));
  }

  send(frame: Frame): Promise<void> {
    const invalid = checkFrame(frame);
    if (invalid !== undefined) return Promise.reject(invalid);
    // Close frames are checked and routed to close() by the client, before they get here.
    if (frame.type === 'close') return Promise.reject(new InvalidFrameError('send a close frame through close()'));
    this.heartbeat?.check();
    if (this.phase === 'open') return this.write(this.socket as Socket, frame);
    if (this.phase === 'connecting') {
      return new Promise((resolve, reject) => this.pending.push({ frame, resolve, reject }));
    }
    return Promise.reject(new ConnectionClosedError(this.id, `is ${this.phase}`));
  }

  /** Starts the closing handshake (or aborts the opening) and resolves when the connection has ended. */
  close(code: number, reason: string): Promise<CloseInfo> {
    if (this.phase === 'connecting') {
      this.closeRequested = { code, reason };
      this.abortOpening(new AbortedError('closed while opening'));
    } else if (this.phase === 'open') {
      this.closeRequested = { code, reason };
      this.phase = 'closing';
      this.heartbeat?.stop();
      this.socket?.close(code, reason);
    }
    return this.ended;
  }

  private readonly onAbort = (): void => this.abortOpening(new AbortedError(this.settings.signal?.reason));

  private abortOpening(error: WebSocketClientError): void {
    if (this.phase !== 'connecting') return;
    this.failure ??= error;
    this.socket?.terminate();
  }

  private opened(socket: Socket): void {
    this.clearOpeningGuards();
    this.phase = 'open';
    this.logger.debug({ id: this.id, protocol: socket.protocol }, 'connected');
    if (this.frames.pressure.paused) socket.pause();
    this.statusSubject.next({ type: 'connected', protocol: socket.protocol, extensions: socket.extensions });
    const interval = this.settings.pingInterval;
    if (interval !== undefined && interval > 0) {
      this.heartbeat = new Heartbeat(
        interval,
        interval,
        () => socket.ping(),
        (silentFor) => {
          this.logger.warn({ id: this.id, silentFor }, 'no pong: terminating the connection');
          socket.terminate();
        },
      );
      this.heartbeat.start();
    }
    const pending = this.pending;
    this.pending = [];
    for (const { frame, resolve, reject } of pending) this.write(socket, frame).then(resolve, reject);
  }

  private write(socket: Socket, frame: DataFrame): Promise<void> {
    return new Promise((resolve, reject) =>
      writeFrame(socket, frame, (error) =>
        error === undefined || error === null
          ? resolve()
          : reject(new ConnectionClosedError(this.id, `ended before the frame was written (${error.message})`)),
      ),
    );
  }

  private failed(error: Error): void {
    if (this.phase === 'connecting') {
      this.failure ??=
        this.upgradeHeaders === undefined
          ? new ConnectionFailedError(error)
          : new HandshakeFailedError(101, this.upgradeHeaders, error.message);
    } else {
      this.protocolFailure ??= { code: protocolCloseCode(error), reason: error.message };
    }
    this.logger.warn({ id: this.id, err: error }, 'socket error');
  }

  private socketClosed(code: number, reason: string): void {
    const wasOpen = this.phase !== 'connecting';
    this.phase = 'closed';
    this.clearOpeningGuards();
    this.heartbeat?.stop();
    this.socket?.removeAllListeners();
    // ws may still report a late write error on a destroyed socket; it has nowhere to go but must not crash.
    this.socket?.on('error', () => {});
    this.socket = undefined;
    const info = this.closeRequested ?? (code === 1006 ? this.protocolFailure : undefined) ?? { code, reason };
    const error = this.failure ?? new ConnectionFailedError(new Error(`closed with ${code} before the handshake completed`));
    for (const { reject } of this.pending) reject(wasOpen ? new ConnectionClosedError(this.id) : error);
    this.pending = [];
    if (wasOpen) {
      this.frames.emit({ type: 'close', ...info });
      this.statusSubject.next({ type: 'didClose', ...info });
    } else {
      this.statusSubject.next({ type: 'didFail', error });
    }
    this.logger.debug({ id: this.id, code: info.code, reason: info.reason, failed: !wasOpen }, 'ended');
    this.frames.complete();
    this.statusSubject.complete();
    this.onEnded(this);
    this.resolveEnded(info);
  }

  private clearOpeningGuards(): void {
    if (this.handshakeTimer !== undefined) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.settings.signal?.removeEventListener('abort', this.onAbort);
  }

  private setPaused(paused: boolean): void {
    if (this.socket === undefined || this.phase === 'connecting') return;
    if (paused) this.socket.pause();
    else this.socket.resume();
  }
}

function messageFrame(data: Buffer, isBinary: boolean): Frame {
  return isBinary
    ? { type: 'message', message: { type: 'binary', data } }
    : { type: 'message', message: { type: 'text', text: data.toString() } };
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The close code ws sent the peer for a receive error (1002, 1007, 1008, 1009), which its own close event reports
 * as 1006 when the peer's answer can no longer be read. */
function protocolCloseCode(error: Error): number {
  const statusCode = Object.getOwnPropertySymbols(error).find((symbol) => symbol.description === 'status-code');
  const code = statusCode === undefined ? undefined : (error as unknown as Record<symbol, unknown>)[statusCode];
  return typeof code === 'number' ? code : 1006;
}
