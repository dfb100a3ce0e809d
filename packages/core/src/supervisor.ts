import {
  AbortedError,
  ConnectionClosedError,
  ConnectionFailedError,
  InvalidFrameError,
  TimedOutError,
  WebSocketError,
  type CloseInfo,
  type ConnectionStatus,
  type Frame,
  type ID,
  type Logger,
  type ReconnectContext,
  type WebSocketClientError,
} from '@aws/client';
import { evaluateAttempt, isStatic, staticAttempt, type Attempt } from './attempt.js';
import { checkFrame } from './check-frame.js';
import { frameBytes } from './frame-bytes.js';
import { FrameHub } from './frame-hub.js';
import { LatestValue } from './latest-value.js';
import type { LiveStream } from './live-stream.js';
import { reconnectDelay } from './reconnect-policy.js';
import type { ResolvedSettings } from './resolve-settings.js';
import type { PressureListener, WaterMarks } from './pressure.js';
import { SendQueue, type QueuedSend } from './send-queue.js';
import { Session, type SessionOwner } from './session.js';
import type { Handshake, Transport } from './transport.js';

/**
 * Where a connection is. Each phase holds exactly what it needs, so nothing is left over from an earlier one:
 * `closing` records what the application asked for and whether the socket had opened; `backingOff` the timer of the
 * pause between two attempts and why the last one ended.
 */
type State =
  | { readonly phase: 'connecting'; readonly session: Session; readonly attempt: number }
  | { readonly phase: 'open'; readonly session: Session; readonly attempt: number; readonly openedAt: number }
  | { readonly phase: 'closing'; readonly session: Session; readonly requested: CloseInfo; readonly opened: boolean }
  | { readonly phase: 'backingOff'; readonly timer: ReturnType<typeof setTimeout>; readonly cause: ReconnectContext }
  | { readonly phase: 'closed'; readonly outcome: CloseInfo };

/** How a connection ends: its final status, and the close frame that ends its frame stream (if it ever opened). */
type Ending =
  | { readonly type: 'didClose'; readonly close: CloseInfo }
  | { readonly type: 'didFail'; readonly error: WebSocketClientError; readonly close: CloseInfo | undefined };

const dropped: CloseInfo = { code: 1006, reason: '' };
const ignore = (): void => {};
/** The status of most opens, shared: the latest status is kept for every connection (idle memory counts). */
const noHandshake: Handshake = Object.freeze({ protocol: '', extensions: '' });
const plainConnected: ConnectionStatus = Object.freeze({ type: 'connected', protocol: '', extensions: '' });

/** What the connections of one client share: the transport, the logger, and who to tell when one has ended. */
export interface SupervisorHost {
  readonly transport: Transport;
  readonly logger: Logger;
  ended(supervisor: Supervisor): void;
}

/**
 * One connection of a client, across all its sockets: the status and frame streams, the send queue, the backoff
 * and the final outcome. Every socket is a {@link Session} made by the transport port, so this class is the same on
 * every platform.
 *
 *   connecting → open → closing → closed
 *        ↑  ↘      ↘               ↗
 *        └─ backingOff ←─ (unexpected end, policy says retry)
 *
 * Every transition sets the whole new state first and emits after, and every method checks the state again after
 * an emit or an await: a status or frame callback that calls back in (close, open, send, dispose) sees a state
 * that is complete.
 */
export class Supervisor implements SessionOwner, PressureListener {
  private state: State;
  private generation = 0;
  /** The close of the last socket that was open: what a later end reports when no other close is known. */
  private lastClose: CloseInfo | undefined;
  /** Made on first need: most connections never queue a message, and idle memory counts. */
  private queue: SendQueue | undefined;
  private handshake: Handshake = noHandshake;
  // Replays the latest status, also after completion, so a late subscriber learns how it ended.
  private readonly statuses = new LatestValue<ConnectionStatus>();
  /** The promise `close` returns, made on the first call. */
  private ended: { readonly promise: Promise<CloseInfo>; readonly resolve: ((info: CloseInfo) => void) | undefined } | undefined;

  readonly frames: FrameHub;
  get status(): LiveStream<ConnectionStatus> {
    return this.statuses.stream;
  }

  constructor(
    private readonly settings: ResolvedSettings,
    private readonly host: SupervisorHost,
    first: Attempt | undefined,
  ) {
    this.frames = new FrameHub(this);
    const signal = settings.signal;
    // Made only for a connection that has a signal: a closure on every one would weigh on idle memory.
    if (signal !== undefined) {
      this.onAbort = () => this.aborted();
      signal.addEventListener('abort', this.onAbort);
    }
    this.state = this.dial(0, first);
  }

  get id(): ID {
    return this.settings.id;
  }

  /** The subprotocol and extensions of the latest socket that opened. */
  get protocol(): string {
    return this.handshake.protocol;
  }

  get extensions(): string {
    return this.handshake.extensions;
  }

  /** Whether a socket of this connection has opened: the last open one has ended, or one is open now (a field
   * fewer on every connection). */
  private get everOpened(): boolean {
    const state = this.state;
    return this.lastClose !== undefined || state.phase === 'open' || (state.phase === 'closing' && state.opened);
  }

  get isConnected(): boolean {
    return this.state.phase === 'open';
  }

  get isClosed(): boolean {
    return this.state.phase === 'closed';
  }

  send(frame: Frame): Promise<void> {
    const invalid = checkFrame(frame) ?? (frame.type === 'close' ? undefined : this.host.transport.checkFrame?.(frame));
    if (invalid !== undefined) return Promise.reject(invalid);
    // Close frames are routed to close() by the client before they get here.
    if (frame.type === 'close') return Promise.reject(new InvalidFrameError('send a close frame through close()'));
    const state = this.state;
    if (state.phase === 'closing' || state.phase === 'closed') {
      return Promise.reject(new ConnectionClosedError(this.id, `is ${state.phase}`));
    }
    if (state.phase === 'open' && !state.session.checkHeartbeat() && state.session.canWriteNow(this.queue, this.settings.sendQueue)) {
      const session = state.session;
      return new Promise((resolve, reject) => session.write({ frame, bytes: 0, resolve, reject }));
    }
    return (this.queue ??= new SendQueue(this.id, this.settings.sendQueue)).enqueue(frame);
  }

  /**
   * Sends a frame nobody awaits: what `send` would reject with at once is thrown, what it would report later reaches
   * nobody. Written at once when the socket takes it, queued (without a promise) otherwise, in order with the sends.
   */
  post(frame: Frame): void {
    const invalid = checkFrame(frame) ?? (frame.type === 'close' ? undefined : this.host.transport.checkFrame?.(frame));
    if (invalid !== undefined) throw invalid;
    if (frame.type === 'close') throw new InvalidFrameError('close a connection with close(), not post()');
    const state = this.state;
    if (state.phase === 'closing' || state.phase === 'closed') throw new ConnectionClosedError(this.id, `is ${state.phase}`);
    const bounds = this.settings.sendQueue;
    if (state.phase === 'open' && !state.session.checkHeartbeat() && state.session.canWriteNow(this.queue, bounds)) {
      const session = state.session;
      // A write that a dead socket would hand back to be written again must be kept in flight, as a send's is; when
      // nothing would be written again (no reconnection, or resendUnwritten off: what a session asks for), it is
      // written as a publish's is, with nothing to settle and nothing kept.
      if (bounds.resendUnwritten && this.settings.backoff !== undefined)
        return session.write({ frame, bytes: 0, resolve: ignore, reject: ignore });
      // Watched when this write may take the socket past its low mark (UTF-8 is at most 3 bytes per UTF-16 unit): a
      // later send queued behind a full socket then has a completion to drain it.
      return session.writeUnawaited(frame, (session.socket?.bufferedAmount ?? 0) + 3 * frameBytes(frame) > bounds.lowWaterMark);
    }
    const refused = (this.queue ??= new SendQueue(this.id, bounds)).post(frame);
    if (refused !== undefined) throw refused;
  }

  /** Why this platform cannot send a close code (the web sends only 1000 and 3000–4999), if it cannot. */
  refusedCloseCode(code: number): WebSocketClientError | undefined {
    return this.host.transport.checkCloseCode?.(code);
  }

  /** Starts the closing handshake (or gives up the opening or the backoff) and resolves once the connection has
   * ended for good. Calling it again returns the same promise. */
  close(code: number, reason: string): Promise<CloseInfo> {
    const state = this.state;
    const requested = { code, reason };
    switch (state.phase) {
      case 'open':
        this.state = { phase: 'closing', session: state.session, requested, opened: true };
        state.session.close(code, reason);
        break;
      case 'connecting':
        this.state = { phase: 'closing', session: state.session, requested, opened: false };
        this.abort(state.session, new AbortedError('closed while opening'));
        break;
      case 'backingOff':
        clearTimeout(state.timer);
        this.end(this.everOpened ? { type: 'didClose', close: requested } : this.failure(state.cause.error, requested));
        break;
      case 'closing':
      case 'closed':
        break;
    }
    return this.endedPromise();
  }

  private endedPromise(): Promise<CloseInfo> {
    if (this.ended !== undefined) return this.ended.promise;
    const state = this.state;
    if (state.phase === 'closed') return (this.ended = { promise: Promise.resolve(state.outcome), resolve: undefined }).promise;
    let resolve: ((info: CloseInfo) => void) | undefined;
    const promise = new Promise<CloseInfo>((settle) => (resolve = settle));
    this.ended = { promise, resolve };
    return promise;
  }

  private readonly onAbort: (() => void) | undefined;

  private aborted(): void {
    if (this.everOpened) return;
    const state = this.state;
    const error = new AbortedError(this.settings.signal?.reason);
    if (state.phase === 'connecting') this.abort(state.session, error);
    else if (state.phase === 'backingOff') {
      clearTimeout(state.timer);
      this.end(this.failure(error, undefined));
    }
  }

  /** Makes the session of one attempt, with its deadline and (for a static attempt) its socket, before anything is
   * emitted; the caller sets the state it returns, then emits `connecting`. */
  private dial(attempt: number, ready: Attempt | undefined): State {
    this.generation += 1;
    const session = new Session(this);
    const timeout = this.settings.handshakeTimeout;
    session.startDeadline(timeout, () => this.abort(session, new TimedOutError('handshake', timeout)));
    if (ready !== undefined) this.connectSocket(session, ready);
    else this.evaluate(session);
    return { phase: 'connecting', session, attempt };
  }

  private redial(attempt: number): void {
    // A static URL was checked at open, so evaluating it again cannot throw.
    this.state = this.dial(attempt, isStatic(this.settings) ? staticAttempt(this.settings) : undefined);
    this.emit({ type: 'connecting', attempt });
  }

  /** Emits the first `connecting`: the constructor has set the state, the client has registered the connection. */
  start(): void {
    const state = this.state;
    if (state.phase === 'connecting') this.emit({ type: 'connecting', attempt: state.attempt });
  }

  private evaluate(session: Session): void {
    evaluateAttempt(this.settings).then(
      (attempt) => {
        if (this.isCurrent(session) && !session.isOver && session.socket === undefined) this.connectSocket(session, attempt);
      },
      (error: unknown) => this.abort(session, typed(error)),
    );
  }

  private connectSocket(session: Session, attempt: Attempt): void {
    // Only the current session connects a socket: the generation is its number.
    this.host.logger.debug({ id: this.id, url: attempt.url.href, attempt: this.generation }, 'opening');
    try {
      session.socket = this.host.transport.connect(attempt, this.settings, session);
    } catch (error) {
      // Reported on the status stream like every other failure of an attempt, never thrown from a timer.
      queueMicrotask(() => this.abort(session, typed(error)));
    }
  }

  /** Gives up an attempt that is still opening: the socket is destroyed, and its end reports `error`. */
  private abort(session: Session, error: WebSocketClientError): void {
    if (!this.isCurrent(session) || session.isOver) return;
    const state = this.state;
    if (state.phase !== 'connecting' && !(state.phase === 'closing' && !state.opened)) return;
    session.openingError ??= error;
    if (session.socket !== undefined) session.socket.terminate();
    else this.sessionEnded(session, 1006, '');
  }

  private isCurrent(session: Session): boolean {
    const state = this.state;
    return (state.phase === 'connecting' || state.phase === 'open' || state.phase === 'closing') && state.session === session;
  }

  // SessionOwner: what the current socket reports.

  sessionOpened(session: Session, handshake: Handshake): void {
    const state = this.state;
    // A socket that opens after its attempt was given up is being terminated already.
    if (state.phase !== 'connecting' || state.session !== session) return;
    this.stopListeningForAbort();
    this.handshake = handshake;
    this.state = { phase: 'open', session, attempt: state.attempt, openedAt: Date.now() };
    this.frames.connectionOpened();
    const paused = this.frames.paused;
    if (paused) session.setPaused(true);
    session.startHeartbeat(this.settings.heartbeat, paused);
    this.host.logger.debug({ id: this.id, protocol: handshake.protocol }, 'connected');
    this.emit(
      handshake.protocol === '' && handshake.extensions === ''
        ? plainConnected
        : { type: 'connected', protocol: handshake.protocol, extensions: handshake.extensions },
    );
    if (this.state.phase === 'open' && this.state.session === session) this.drain(session);
  }

  sessionReceived(session: Session, frame: Exclude<Frame, { type: 'close' }>): void {
    if (this.isCurrent(session)) this.frames.emit(frame);
  }

  sessionWrote(session: Session): void {
    if (this.isCurrent(session) && session.shouldDrain(this.queue, this.settings.sendQueue)) this.drain(session);
  }

  heartbeatFailed(session: Session, silentFor: number): void {
    if (!this.isCurrent(session)) return;
    this.host.logger.warn({ id: this.id, silentFor }, 'no pong in time: terminating the connection');
    session.socket?.terminate();
  }

  /** The socket (or the attempt to open one) has ended: retry, or end for good. */
  sessionEnded(session: Session, code: number, reason: string): void {
    if (!this.isCurrent(session) || session.isOver) return;
    const state = this.state as Extract<State, { session: Session }>;
    const unwritten = session.end();
    const wasOpen = state.phase === 'open' || (state.phase === 'closing' && state.opened);
    if (session.failure !== undefined)
      this.host.logger.warn({ id: this.id, code: session.failure.code, reason: session.failure.reason }, 'socket failed');
    if (wasOpen) this.lastClose = (code === 1006 ? session.failure : undefined) ?? { code, reason };
    if (state.phase === 'closing') {
      this.reject(unwritten);
      const close = state.requested;
      return this.end(this.everOpened ? { type: 'didClose', close } : this.failure(session.openingError, close));
    }
    const context = this.reconnectContext(state, session);
    const delay = this.settings.backoff === undefined ? undefined : reconnectDelay(context, this.settings.backoff);
    if (delay === undefined) {
      this.reject(unwritten);
      return this.end(wasOpen ? { type: 'didClose', close: this.lastClose ?? dropped } : this.failure(context.error, undefined));
    }
    if (this.settings.sendQueue.resendUnwritten) (this.queue ??= new SendQueue(this.id, this.settings.sendQueue)).requeue(unwritten);
    else this.reject(unwritten);
    const timer = setTimeout(() => {
      if (this.state.phase === 'backingOff' && this.state.timer === timer) this.redial(context.attempt);
    }, delay);
    this.state = { phase: 'backingOff', timer, cause: context };
    this.host.logger.info({ id: this.id, attempt: context.attempt, delay }, 'reconnecting');
    this.emit({ type: 'reconnecting', delay, ...context });
  }

  private reconnectContext(state: Extract<State, { session: Session }>, session: Session): ReconnectContext {
    const previous = state.phase === 'connecting' || state.phase === 'open' ? state.attempt : 0;
    const minUptime = this.settings.backoff?.minUptime ?? 0;
    // A connection that stayed up long enough starts the count again; one that dropped at once does not.
    const attempt = state.phase === 'open' && Date.now() - state.openedAt >= minUptime ? 1 : previous + 1;
    if (state.phase === 'open') return { attempt, close: this.lastClose ?? dropped };
    return { attempt, error: session.openingError ?? closedBeforeHandshake() };
  }

  /** The connection ends for good: the id is released first (so a final-status callback may open it again), then
   * the close frame, the final status, the streams completed and every waiting send settled. */
  private end(ending: Ending): void {
    const outcome = ending.type === 'didClose' ? ending.close : (ending.close ?? this.lastClose ?? dropped);
    this.state = { phase: 'closed', outcome };
    this.stopListeningForAbort();
    this.host.ended(this);
    // A connection that never opened rejects its queued sends with the reason it could not open.
    this.queue?.rejectAll(!this.everOpened && ending.type === 'didFail' ? ending.error : new ConnectionClosedError(this.id));
    this.host.logger.debug({ id: this.id, code: outcome.code, reason: outcome.reason }, 'ended');
    if (this.everOpened) this.frames.emit({ type: 'close', ...outcome });
    this.emit(ending.type === 'didClose' ? { type: 'didClose', ...ending.close } : { type: 'didFail', error: ending.error });
    this.frames.complete();
    this.statuses.complete();
    this.ended?.resolve?.(outcome);
  }

  private failure(error: WebSocketClientError | undefined, close: CloseInfo | undefined): Ending {
    return { type: 'didFail', error: error ?? closedBeforeHandshake(), close };
  }

  private emit(status: ConnectionStatus): void {
    this.statuses.next(status);
  }

  private reject(unwritten: readonly QueuedSend[]): void {
    for (const item of unwritten) item.reject(new ConnectionClosedError(this.id, 'ended before the frame was written'));
  }

  /** Writes queued messages while the socket takes them; confirmed writes call it again as the buffer drains. */
  private drain(session: Session): void {
    session.drain(this.queue, this.settings.sendQueue, () => this.state.phase === 'open' && this.state.session === session);
  }

  private stopListeningForAbort(): void {
    if (this.onAbort !== undefined) this.settings.signal?.removeEventListener('abort', this.onAbort);
  }

  /** The water marks of the receive buffers. */
  get receiveMarks(): WaterMarks {
    return this.settings.receiveBuffer;
  }

  /** The receive buffers went over (or back under) their water marks. */
  pressureChanged(paused: boolean): void {
    // Only an open socket honours pressure: a closing one must read the peer's close answer.
    if (this.state.phase === 'open') this.state.session.setPaused(paused);
  }
}

function typed(error: unknown): WebSocketClientError {
  return error instanceof WebSocketError ? (error as WebSocketClientError) : new ConnectionFailedError(error);
}

function closedBeforeHandshake(): ConnectionFailedError {
  return new ConnectionFailedError(new Error('the connection closed before the handshake completed'));
}
