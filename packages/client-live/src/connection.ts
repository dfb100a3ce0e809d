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
import type { IncomingMessage } from 'node:http';
import { ReplaySubject } from 'rxjs';
import { evaluateAttempt, isStatic, staticAttempt, type Attempt } from './attempt.js';
import { backoffOptions, type Backoff } from './backoff.js';
import { FrameHub } from './frame-hub.js';
import { checkFrame, writeFrame } from './frame-writer.js';
import { Heartbeat } from './heartbeat.js';
import { LiveStream } from './live-stream.js';
import { reconnectDelay } from './reconnect-policy.js';
import { highWaterMark, SendQueue, type DataFrame, type QueuedSend } from './send-queue.js';
import { openSocket, type Socket } from './socket.js';

/** `waiting` is the backoff pause between two attempts. */
type Phase = 'connecting' | 'open' | 'closing' | 'waiting' | 'closed';

const owner = Symbol('connection');
type OwnedSocket = Socket & { [owner]?: Connection | undefined };

// The socket listeners, shared by every connection rather than eight closures per connection (idle memory counts):
// `ws` calls them with the socket as `this`, and the socket knows its connection.
const listeners = {
  upgrade(this: OwnedSocket, response: IncomingMessage): void {
    this[owner]?.onUpgrade(response);
  },
  unexpectedResponse(this: OwnedSocket, request: { destroy(): void }, response: IncomingMessage): void {
    this[owner]?.onUnexpectedResponse(response);
    response.resume();
    request.destroy();
    this.terminate();
  },
  open(this: OwnedSocket): void {
    this[owner]?.opened(this);
  },
  message(this: OwnedSocket, data: Buffer, isBinary: boolean): void {
    this[owner]?.frames.emit(messageFrame(data, isBinary));
  },
  ping(this: OwnedSocket, data: Buffer): void {
    this[owner]?.frames.emit({ type: 'ping', data });
  },
  pong(this: OwnedSocket, data: Buffer): void {
    this[owner]?.onPong(data);
  },
  error(this: OwnedSocket, error: Error): void {
    this[owner]?.failed(error);
  },
  close(this: OwnedSocket, code: number, reason: Buffer): void {
    this[owner]?.socketEnded(code, reason.toString());
  },
};

const ignore = (): void => {};

const defaultHandshakeTimeout = 30_000;

/**
 * One connection id of the live client: a small state machine that owns the current socket, its timers and
 * listeners, and the id's status and frame streams, send queue and receive pressure. The streams and the queue belong
 * to the id, not to a socket: with reconnection on, they carry on across sockets.
 *
 *   connecting → open → closing → closed
 *        ↑  ↘      ↘               ↗
 *        └─ waiting ←─ (unexpected end, policy says retry)
 */
export class Connection {
  private phase: Phase = 'connecting';
  private socket: Socket | undefined;
  private attempts = 0;
  private everOpened = false;
  private openedAt = 0;
  private lastClose: CloseInfo | undefined;
  private failure: WebSocketClientError | undefined;
  /** Why the socket fails once open (invalid UTF-8, oversized message...): ws then reports 1006 for it. */
  private protocolFailure: CloseInfo | undefined;
  private upgradeHeaders: Record<string, string> | undefined;
  private closeRequested: CloseInfo | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failTimer: ReturnType<typeof setImmediate> | undefined;
  private heartbeat: Heartbeat | undefined;
  private readonly backoff: Backoff | undefined;
  /** Made on first need: most connections never queue a message, and idle memory counts. */
  private queue: SendQueue | undefined;
  private readonly highWaterMark: number;
  // Replays the latest status, also after completion, so a late subscriber learns how it ended.
  private readonly statuses = new ReplaySubject<ConnectionStatus>(1);
  /** How the connection ended, once it has; and the promise `close` returns, made on the first call. */
  private endedWith: CloseInfo | undefined;
  private ended: Promise<CloseInfo> | undefined;
  private resolveEnded: ((info: CloseInfo) => void) | undefined;

  readonly frames: FrameHub;
  readonly status = new LiveStream<ConnectionStatus>((subscriber) => this.statuses.subscribe(subscriber));

  constructor(
    readonly id: ID,
    private readonly settings: Settings,
    private readonly logger: Logger,
    private readonly onEnded: (connection: Connection) => void,
  ) {
    const messages = settings.receiveBuffer?.messages ?? 1024;
    const bytes = settings.receiveBuffer?.bytes ?? 16 * 1024 * 1024;
    this.frames = new FrameHub(
      { highMessages: messages, highBytes: bytes, lowMessages: Math.floor(messages / 2), lowBytes: Math.floor(bytes / 2) },
      (paused) => this.applyPause(paused),
    );
    this.backoff = backoffOptions(settings.reconnect);
    this.highWaterMark = highWaterMark(settings.sendQueue);
  }

  get isConnected(): boolean {
    return this.phase === 'open';
  }

  /** Dials the first attempt; a static URL that is invalid throws here, synchronously, before anything is kept. */
  start(): void {
    const first = isStatic(this.settings) ? staticAttempt(this.settings) : undefined;
    this.settings.signal?.addEventListener('abort', this.onAbort);
    this.dial(first);
  }

  send(frame: Frame): Promise<void> {
    const invalid = checkFrame(frame);
    if (invalid !== undefined) return Promise.reject(invalid);
    // Close frames are checked and routed to close() by the client before they get here.
    if (frame.type === 'close') return Promise.reject(new InvalidFrameError('send a close frame through close()'));
    if (this.heartbeat?.check() === true) return this.enqueue(frame);
    const socket = this.socket;
    if (this.phase === 'open' && (this.queue?.isEmpty ?? true) && socket !== undefined && socket.bufferedAmount < this.highWaterMark) {
      return new Promise((resolve, reject) => this.write(socket, { frame, bytes: 0, resolve, reject }));
    }
    if (this.phase === 'closing' || this.phase === 'closed') {
      return Promise.reject(new ConnectionClosedError(this.id, `is ${this.phase}`));
    }
    return this.enqueue(frame);
  }

  private enqueue(frame: DataFrame): Promise<void> {
    this.queue ??= new SendQueue(this.id, this.settings.sendQueue);
    return this.queue.enqueue(frame);
  }

  /** Starts the closing handshake (or gives up the opening or the backoff) and resolves once the connection has
   * ended for good. */
  close(code: number, reason: string): Promise<CloseInfo> {
    if (this.phase === 'closing' || this.phase === 'closed') return this.endedPromise();
    this.closeRequested = { code, reason };
    this.heartbeat?.stop();
    if (this.phase === 'open') {
      this.phase = 'closing';
      this.socket?.close(code, reason);
    } else if (this.phase === 'connecting') {
      this.abortOpening(new AbortedError('closed while opening'));
    } else {
      this.clearTimer();
      this.finish();
    }
    return this.endedPromise();
  }

  private endedPromise(): Promise<CloseInfo> {
    if (this.ended !== undefined) return this.ended;
    if (this.endedWith !== undefined) return (this.ended = Promise.resolve(this.endedWith));
    return (this.ended = new Promise((resolve) => (this.resolveEnded = resolve)));
  }

  private readonly onAbort = (): void => {
    if (!this.everOpened) this.abortOpening(new AbortedError(this.settings.signal?.reason));
  };

  private dial(ready: Attempt | undefined): void {
    this.phase = 'connecting';
    this.failure = undefined;
    this.protocolFailure = undefined;
    this.upgradeHeaders = undefined;
    this.statuses.next({ type: 'connecting', attempt: this.attempts });
    const timeout = this.settings.handshakeTimeout ?? defaultHandshakeTimeout;
    this.timer = setTimeout(() => this.abortOpening(new TimedOutError('handshake', timeout)), timeout);
    if (ready !== undefined) return this.openSocket(ready);
    evaluateAttempt(this.settings).then(
      (attempt) => {
        if (this.phase === 'connecting' && this.socket === undefined && this.failure === undefined) this.openSocket(attempt);
      },
      (error: unknown) => {
        this.failure ??= error instanceof Error && '_tag' in error ? (error as WebSocketClientError) : new ConnectionFailedError(error);
        if (this.phase === 'connecting' && this.socket === undefined) this.socketEnded(1006, '');
      },
    );
  }

  private openSocket(attempt: Attempt): void {
    this.logger.debug({ id: this.id, url: attempt.url.href, attempt: this.attempts }, 'opening');
    const socket: OwnedSocket = openSocket(attempt, this.settings);
    socket[owner] = this;
    this.socket = socket;
    socket.on('upgrade', listeners.upgrade);
    socket.on('unexpected-response', listeners.unexpectedResponse);
    socket.on('open', listeners.open);
    socket.on('message', listeners.message);
    socket.on('ping', listeners.ping);
    socket.on('pong', listeners.pong);
    socket.on('error', listeners.error);
    socket.on('close', listeners.close);
  }

  /** @internal The socket listeners' way in; not part of any API. */
  onUpgrade(response: IncomingMessage): void {
    this.upgradeHeaders = flatHeaders(response);
  }

  /** @internal */
  onUnexpectedResponse(response: IncomingMessage): void {
    this.failure ??= new HandshakeFailedError(response.statusCode, flatHeaders(response));
  }

  /** @internal */
  onPong(data: Buffer): void {
    this.heartbeat?.pong();
    this.frames.emit({ type: 'pong', data });
  }



  private abortOpening(error: WebSocketClientError): void {
    if (this.phase !== 'connecting') return;
    this.failure ??= error;
    if (this.socket !== undefined) this.socket.terminate();
    else this.socketEnded(1006, '');
  }

  /** @internal Called by the socket's open listener. */
  opened(socket: Socket): void {
    this.clearTimer();
    this.settings.signal?.removeEventListener('abort', this.onAbort);
    // Only a failing handshake reports them: an open connection need not keep them.
    this.upgradeHeaders = undefined;
    // The handshake is over: its listeners would only weigh on the socket's listener table from now on.
    socket.off('upgrade', listeners.upgrade);
    socket.off('unexpected-response', listeners.unexpectedResponse);
    socket.off('open', listeners.open);
    this.phase = 'open';
    this.everOpened = true;
    this.openedAt = Date.now();
    this.logger.debug({ id: this.id, protocol: socket.protocol }, 'connected');
    if (this.frames.pressure.paused) socket.pause();
    this.statuses.next({ type: 'connected', protocol: socket.protocol, extensions: socket.extensions });
    this.startHeartbeat(socket);
    this.drain(socket);
  }

  private startHeartbeat(socket: Socket): void {
    const options = this.settings.heartbeat ?? (this.settings.pingInterval === undefined ? undefined : { interval: this.settings.pingInterval });
    if (options === undefined || !(options.interval > 0)) return;
    this.heartbeat = new Heartbeat(
      options.interval,
      options.timeout ?? options.interval,
      () => socket.ping(),
      (silentFor) => {
        this.logger.warn({ id: this.id, silentFor }, 'no pong in time: terminating the connection');
        socket.terminate();
      },
    );
    this.heartbeat.start();
  }

  /** Writes queued messages while the socket takes them; the write callbacks call it again as the buffer drains. */
  private drain(socket: Socket): void {
    while (this.phase === 'open' && this.socket === socket && socket.bufferedAmount < this.highWaterMark) {
      const item = this.queue?.shift();
      if (item === undefined) return;
      this.write(socket, item);
    }
  }

  private write(socket: Socket, item: QueuedSend): void {
    writeFrame(socket, item.frame as DataFrame, (error) => {
      if (error === undefined || error === null) {
        item.resolve();
        const queue = this.queue;
        if (queue !== undefined && !queue.isEmpty && socket.bufferedAmount <= queue.lowWaterMark) this.drain(socket);
      } else if (this.backoff !== undefined && this.phase !== 'closing' && this.phase !== 'closed') {
        // The socket died under this write: the next socket writes it, so nothing sent during an outage is lost.
        (this.queue ??= new SendQueue(this.id, this.settings.sendQueue)).retry(item);
      } else {
        item.reject(new ConnectionClosedError(this.id, `ended before the frame was written (${error.message})`));
      }
    });
  }

  /** @internal Called by the socket's error listener. */
  failed(error: Error): void {
    if (this.phase === 'connecting') {
      this.failure ??=
        this.upgradeHeaders === undefined ? new ConnectionFailedError(error) : new HandshakeFailedError(101, this.upgradeHeaders, error.message);
    } else if (this.protocolFailure === undefined) {
      this.protocolFailure = { code: protocolCloseCode(error), reason: error.message };
      // ws has sent its close frame and would wait closeTimeout for a peer that just broke the protocol: fail the
      // connection now (RFC 6455 §7.1.7), once that frame has had a turn to be written.
      const socket = this.socket;
      this.failTimer = setImmediate(() => socket?.terminate());
    }
    this.logger.warn({ id: this.id, err: error }, 'socket error');
  }

  /** @internal The socket (or the attempt to open one) has ended: retry, or finish for good. */
  socketEnded(code: number, reason: string): void {
    const wasOpen = this.phase === 'open' || this.phase === 'closing';
    this.releaseSocket();
    if (wasOpen) this.lastClose = (code === 1006 ? this.protocolFailure : undefined) ?? { code, reason };
    if (this.closeRequested !== undefined || this.backoff === undefined) return this.finish(wasOpen);
    if (wasOpen && Date.now() - this.openedAt >= this.backoff.minUptime) this.attempts = 0;
    this.attempts += 1;
    const context = wasOpen ? { attempt: this.attempts, close: this.lastClose as CloseInfo } : { attempt: this.attempts, error: this.openingError() };
    const delay = reconnectDelay(context, this.backoff);
    if (delay === undefined) return this.finish(wasOpen);
    this.phase = 'waiting';
    this.logger.info({ id: this.id, attempt: this.attempts, delay }, 'reconnecting');
    this.statuses.next({ type: 'reconnecting', delay, ...context });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dial(isStatic(this.settings) ? staticAttempt(this.settings) : undefined);
    }, delay);
  }

  /** Ends the connection for good: final status, close frame, streams completed, queue settled, id released. */
  private finish(lastWasOpen = false): void {
    this.phase = 'closed';
    this.settings.signal?.removeEventListener('abort', this.onAbort);
    const info = this.closeRequested ?? this.lastClose ?? { code: 1006, reason: '' };
    const failedToOpen = !lastWasOpen && this.closeRequested === undefined;
    if (failedToOpen || !this.everOpened) {
      const error = this.openingError();
      this.queue?.rejectAll(this.everOpened ? new ConnectionClosedError(this.id) : error);
      if (this.everOpened) this.frames.emit({ type: 'close', ...info });
      this.statuses.next({ type: 'didFail', error });
    } else {
      this.queue?.rejectAll();
      this.frames.emit({ type: 'close', ...info });
      this.statuses.next({ type: 'didClose', ...info });
    }
    this.logger.debug({ id: this.id, code: info.code, reason: info.reason }, 'ended');
    this.frames.complete();
    this.statuses.complete();
    this.onEnded(this);
    this.endedWith = info;
    this.resolveEnded?.(info);
  }

  private openingError(): WebSocketClientError {
    return this.failure ?? new ConnectionFailedError(new Error('the connection closed before the handshake completed'));
  }

  private releaseSocket(): void {
    this.clearTimer();
    if (this.failTimer !== undefined) clearImmediate(this.failTimer);
    this.failTimer = undefined;
    this.heartbeat?.stop();
    this.heartbeat = undefined;
    const socket: OwnedSocket | undefined = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    socket[owner] = undefined;
    socket.removeAllListeners();
    // ws may still report a late error on a destroyed socket: it must not become an uncaught exception.
    socket.on('error', ignore);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private applyPause(paused: boolean): void {
    if (this.socket === undefined || this.phase !== 'open') return;
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
