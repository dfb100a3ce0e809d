import {
  InvalidCloseCodeError,
  InvalidCloseReasonError,
  InvalidFrameError,
  toStream,
  type CloseInfo,
  type ConnectionStatus,
  type Frame,
  type ID,
  type Message,
  type Settings,
  type Stream,
  type WebSocketClient,
} from '@aws/client';
import { ReplaySubject, type Subscription } from 'rxjs';
import { Endpoint, type Incoming } from './endpoint.js';
import { SessionClosedError, SessionLostError, SessionUnsupportedError } from './errors.js';
import { FrameBuffer } from './frame-buffer.js';
import { resolveSessionOptions, type SendOptions, type SessionOptions } from './options.js';
import { checkUrl, withSessionQuery } from './session-url.js';
import { decode, readData, type DataHeader, type WireMessage } from './wire.js';

/**
 * The status stream of a client session: the connection's own statuses, and what happened to the session:
 * - `sessionStarted`: the server opened a session (first socket, or after `sessionLost`);
 * - `resumed`: a new socket continues the session; `resent` messages were sent again;
 * - `sessionLost`: the server no longer had the session (it expired during the outage, or restarted). The
 *   `unacknowledged` sends of the old one rejected with `SessionLostError` (the server may or may not have got them)
 *   and messages the server sent may be missing: resynchronise. A `sessionStarted` follows;
 * - `plain`: the server speaks no sessions and `plainServer` is `'fallback'`: from now on a plain connection;
 * - `sessionUnsupported`: the same with `plainServer: 'refuse'`; the connection is closed, a `didClose` follows.
 *
 * @example
 * ```ts
 * session.status.subscribe((status) => {
 *   if (status.type === 'sessionLost') void resynchronise()
 * })
 * ```
 */
export type SessionStatus =
  | ConnectionStatus
  | { readonly type: 'sessionStarted'; readonly sessionId: string }
  | { readonly type: 'resumed'; readonly sessionId: string; readonly resent: number }
  | { readonly type: 'sessionLost'; readonly sessionId: string; readonly unacknowledged: number }
  | { readonly type: 'plain'; readonly reason: string }
  | { readonly type: 'sessionUnsupported'; readonly error: SessionUnsupportedError };

/**
 * The options of a client session: those of both sides, plus what to do with a server that speaks no sessions.
 *
 * @example
 * ```ts
 * openSession(client, { id: ID(), url }, { plainServer: 'fallback', welcomeTimeout: 2_000 })
 * ```
 */
export interface ClientSessionOptions extends SessionOptions {
  /** A server without sessions (no welcome in time, or a first message that is not one): `'refuse'` closes the
   * connection (status `sessionUnsupported`), `'fallback'` carries on as a plain connection (status `plain`).
   * @default 'refuse' */
  readonly plainServer?: 'refuse' | 'fallback';
  /** How long (ms) the first socket waits for the server's welcome. @default 5000 */
  readonly welcomeTimeout?: number;
}

/**
 * A session on a client connection: one stream of frames and one sequence of sends that outlive the sockets. Every
 * message arrives exactly once and in order; a send resolves once the server has acknowledged it.
 *
 * @example
 * ```ts
 * await using session = await connectSession(client, { id: ID(), url })
 * session.frames.subscribe((frame) => console.log(frame))
 * await session.send(Frame.text('order 42')) // resolved: the server has it
 * ```
 */
export interface ClientSession extends AsyncDisposable {
  /** The connection's id on its client. */
  readonly id: ID;
  /** The server's id of the current session; undefined before the first welcome and in plain mode. */
  readonly sessionId: string | undefined;
  /** `pending` until the first welcome (or the fallback), then `session` or `plain`, and `ended`. */
  readonly mode: 'pending' | 'session' | 'plain' | 'ended';
  /** The messages received, each once and in order across sockets, with the pings, pongs and close frames. Frames
   * wait when nobody is subscribed (before the first subscriber, between two) and are not acknowledged until taken:
   * the server's buffer bounds what waits. A `for await` loop alone takes them one at a time, and what it leaves
   * when it breaks stays for the next consumer. */
  readonly frames: Stream<Frame>;
  readonly status: Stream<SessionStatus>;
  /** Messages sent and not yet acknowledged by the server. */
  readonly unacknowledged: number;
  /** Sends a frame. A message resolves on the server's acknowledgement (or on write, see `resolveOn`) and rejects
   * with `SessionBufferFullError`, `SessionLostError` or `SessionClosedError`; a ping or pong is sent as is; a close
   * frame is {@link ClientSession.close}. */
  send(frame: Frame, options?: SendOptions): Promise<void>;
  /**
   * Sends a frame that nobody awaits. A message is delivered as a send's is (numbered, kept until acknowledged, sent
   * again on the next socket: exactly once, in order with the sends), with no promise made for it; a ping or pong is
   * posted on the connection as is. What a send would reject with at once is thrown: `SessionClosedError` once
   * closing or ended, `SessionBufferFullError` for a message larger than the buffer or a full buffer under
   * `'reject'`, `InvalidFrameError` for a close frame (that is {@link ClientSession.close}).
   *
   * @example
   * ```ts
   * setInterval(() => session.post(Frame.text(JSON.stringify(position()))), 100)
   * ```
   */
  post(frame: Frame): void;
  /** Ends the session with a close frame (the server ends it too): later sends reject, and those the server has not
   * acknowledged by the end of the closing handshake reject with `SessionClosedError`. A code or reason the client
   * refuses (`InvalidCloseCodeError`, `InvalidCloseReasonError`) rejects and changes nothing. */
  close(code?: number, reason?: string): Promise<CloseInfo>;
  /** Whether the session is established on a live socket now. */
  isConnected(): boolean;
}

const ignore = (): void => {};

class Session implements ClientSession {
  readonly id: ID;
  readonly frames: Stream<Frame>;
  readonly status: Stream<SessionStatus>;
  sessionId: string | undefined;
  mode: ClientSession['mode'] = 'pending';
  private readonly statuses = new ReplaySubject<SessionStatus>(1);
  // What waits for the application is not acknowledged: the server's buffer bounds it.
  private readonly inbox = new FrameBuffer({
    flowing: () => this.endpoint.release(),
    idle: () => this.endpoint.hold(),
    consumed: (seq) => this.endpoint.consumed(seq),
  });
  private readonly endpoint: Endpoint;
  private readonly plainServer: 'refuse' | 'fallback';
  private readonly welcomeTimeout: number;
  private readonly subscriptions: Subscription[] = [];
  private reported = 0;
  private linked = false;
  private welcomeTimer: ReturnType<typeof setTimeout> | undefined;
  /** The attempts to connect so far, and the one whose socket brought the latest welcome (should a frame ever come
   * before its socket's `connected` status, the welcome timer must not start after the welcome). */
  private attempt = 0;
  private welcomedOn = -1;
  private closing: Promise<CloseInfo> | undefined;
  private closeRequested = false;
  private readonly header: DataHeader = { seq: 0, ack: 0 };
  /** The session's writes on the connection, made once: every socket of the connection is written through its id.
   * `link` for a send that resolves on write; `postMessage` for every other write, which waits for nothing. */
  private readonly link = (message: Message): Promise<void> => this.client.send(this.id, { type: 'message', message });
  private readonly postMessage = (message: Message): void => {
    try {
      this.client.post(this.id, { type: 'message', message });
    } catch {
      // The connection is closing or has ended (its status will detach the endpoint, or end it): the buffer keeps
      // what the server has not acknowledged, exactly as when a send's write rejected.
    }
  };

  constructor(
    private readonly client: WebSocketClient,
    settings: Settings,
    options: ClientSessionOptions,
  ) {
    this.endpoint = new Endpoint(resolveSessionOptions(options), () => {
      this.endpoint.end(new SessionClosedError(this.sessionId ?? '', 'overflow'));
      this.closeFor(1008, 'session buffer full');
    });
    this.endpoint.hold();
    this.plainServer = options.plainServer ?? 'refuse';
    this.welcomeTimeout = options.welcomeTimeout ?? 5_000;
    this.id = settings.id;
    this.frames = this.inbox.stream;
    this.status = toStream(this.statuses.asObservable());
    const url = settings.url;
    if (typeof url !== 'function') checkUrl(url);
    const status = client.open({
      ...settings,
      url: async () => this.withSession(typeof url === 'function' ? await url() : url),
      reconnect: settings.reconnect ?? true,
      // The session sends again what the server has not acknowledged; the connection must not do it as well.
      sendQueue: { ...settings.sendQueue, resendUnwritten: false, overflow: 'wait' },
    });
    this.subscriptions.push(
      status.subscribe({ next: (s) => this.onStatus(s), complete: () => this.finish() }),
      client.receive(this.id).subscribe({ next: (frame) => this.onFrame(frame), complete: () => this.inbox.complete() }),
    );
  }

  get unacknowledged(): number {
    return this.endpoint.unacknowledged;
  }

  isConnected(): boolean {
    return this.mode === 'plain' ? this.client.isConnected(this.id) : this.mode === 'session' && this.linked;
  }

  send(frame: Frame, options?: SendOptions): Promise<void> {
    if (frame?.type === 'close') return this.close(frame.code, frame.reason).then(ignore);
    if (frame?.type !== 'message' || this.mode === 'plain') return this.client.send(this.id, frame);
    if (this.closeRequested) return Promise.reject(new SessionClosedError(this.sessionId ?? '', 'closed'));
    return this.endpoint.send(frame.message, options?.resolveOn);
  }

  post(frame: Frame): void {
    if (frame?.type === 'close') throw new InvalidFrameError('a close frame is not posted: close the session');
    if (frame?.type !== 'message' || this.mode === 'plain') return this.client.post(this.id, frame);
    if (this.closeRequested) throw new SessionClosedError(this.sessionId ?? '', 'closed');
    this.endpoint.post(frame.message);
  }

  close(code?: number, reason?: string): Promise<CloseInfo> {
    if (this.closing !== undefined) return this.closing;
    // New sends are refused from now on; those in flight settle as the connection ends: acknowledged during the
    // closing handshake, or rejected at its end (the connection's didClose ends the endpoint).
    this.closeRequested = true;
    const closing = this.client.close(this.id, code, reason);
    this.closing = closing;
    closing.catch((error: unknown) => {
      // A code or reason the client refuses (the web's WebSocket sends only 1000 and 3000–4999) closes nothing:
      // the session carries on, and a later close may succeed.
      if (this.closing !== closing || !(error instanceof InvalidCloseCodeError || error instanceof InvalidCloseReasonError)) return;
      this.closing = undefined;
      this.closeRequested = false;
    });
    return closing;
  }

  /** A close of the session's own, with the RFC's code (1002, 1008), or where the client cannot send that code (the
   * web), the same code in the application range (4002, 4008) with the same reason. */
  private closeFor(code: 1002 | 1008, reason: string): void {
    this.close(code, reason).catch((error: unknown) => {
      if (error instanceof InvalidCloseCodeError) this.close(code + 3000, reason).catch(ignore);
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close().then(ignore, ignore);
  }

  /** The URL of one attempt: the user's, with the session's query parameters (none once plain). */
  private withSession(url: string): string {
    if (this.mode === 'plain') return url;
    this.reported = this.endpoint.received;
    return withSessionQuery(url, this.sessionId === undefined ? undefined : { id: this.sessionId, received: this.reported });
  }

  private onStatus(status: ConnectionStatus): void {
    if (status.type === 'reconnecting' || status.type === 'didClose' || status.type === 'didFail') {
      this.linked = false;
      this.endpoint.detach();
      this.clearWelcomeTimer();
    }
    // Every socket of a session server starts with a welcome: without one in time, it is no session server (or no
    // longer one, when another server took its place).
    if (status.type === 'connecting') this.attempt += 1;
    if (status.type === 'connected' && (this.mode === 'pending' || this.mode === 'session') && this.welcomedOn !== this.attempt) {
      this.clearWelcomeTimer();
      this.welcomeTimer = setTimeout(() => {
        this.welcomeTimer = undefined;
        if (this.mode === 'pending') this.notSessionServer(`no welcome within ${this.welcomeTimeout} ms`);
        else this.protocolError();
      }, this.welcomeTimeout);
    }
    if (status.type === 'didClose' || status.type === 'didFail') this.endpoint.end(new SessionClosedError(this.sessionId ?? '', 'closed'));
    this.statuses.next(status);
  }

  private finish(): void {
    this.clearWelcomeTimer();
    this.mode = 'ended';
    this.endpoint.end(new SessionClosedError(this.sessionId ?? '', 'closed'));
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    this.statuses.complete();
    this.inbox.complete();
  }

  private onFrame(frame: Frame): void {
    if (frame.type !== 'message' || this.mode === 'plain') return this.inbox.push(frame);
    if (this.mode === 'ended') return;
    // Data first, and without a decoded object: it is nearly every message, and none comes before the welcome.
    const payload = this.mode === 'session' ? readData(frame.message, this.header) : undefined;
    if (payload !== undefined) return this.settle(this.endpoint.data(this.header.seq, this.header.ack, payload));
    const wire = decode(frame.message);
    if (this.mode === 'pending' && wire.kind !== 'welcome') return this.notSessionServer('its first message is not a welcome', frame);
    this.settle(this.onWire(wire));
  }

  private onWire(wire: WireMessage): Incoming {
    // Data never gets here: read in onFrame when well-formed, decoded as invalid when not.
    return wire.kind === 'welcome'
      ? this.welcome(wire)
      : wire.kind === 'ack'
        ? this.endpoint.ack(wire.ack)
        : wire.kind === 'resend'
          ? this.endpoint.resend(wire.received)
          : 'a message outside the session protocol';
  }

  /** What a received message meant: a protocol error, nothing, or a message for the application. */
  private settle(outcome: Incoming): void {
    if (typeof outcome === 'string') return void this.protocolError();
    if (outcome !== undefined) this.inbox.push({ type: 'message', message: outcome }, this.endpoint.received);
  }

  private welcome(wire: Extract<WireMessage, { kind: 'welcome' }>): Incoming {
    this.clearWelcomeTimer();
    this.welcomedOn = this.attempt;
    const previous = this.sessionId;
    const lost = previous !== undefined && (wire.session !== 'resumed' || wire.id !== previous);
    if (wire.session === 'resumed' && wire.id !== previous) return 'resumed a session never started';
    if (lost) {
      const unacknowledged = this.endpoint.unacknowledged;
      this.endpoint.reset(new SessionLostError(previous));
      this.reported = 0;
      this.statuses.next({ type: 'sessionLost', sessionId: previous, unacknowledged });
    }
    this.sessionId = wire.id;
    this.mode = 'session';
    const resent = this.endpoint.attach(this.link, wire.received, this.reported, this.postMessage);
    if (resent < 0) return 'the server says it received more than was sent';
    this.linked = true;
    if (wire.session === 'resumed') this.statuses.next({ type: 'resumed', sessionId: wire.id, resent });
    else this.statuses.next({ type: 'sessionStarted', sessionId: wire.id });
    return undefined;
  }

  /** The server speaks no sessions: carry on plain (what waited is sent as is), or refuse and close. */
  private notSessionServer(detail: string, first?: Frame): void {
    this.clearWelcomeTimer();
    if (this.mode !== 'pending') return;
    if (this.plainServer === 'fallback') {
      this.mode = 'plain';
      this.statuses.next({ type: 'plain', reason: detail });
      for (const waiting of this.endpoint.takeAll())
        this.client.send(this.id, { type: 'message', message: waiting.message }).then(waiting.resolve, waiting.reject);
      if (first !== undefined) this.inbox.push(first);
      return;
    }
    const error = new SessionUnsupportedError(detail);
    this.mode = 'ended';
    this.endpoint.end(error);
    this.statuses.next({ type: 'sessionUnsupported', error });
    this.closeFor(1008, 'aws-session required');
  }

  private protocolError(): void {
    this.endpoint.end(new SessionClosedError(this.sessionId ?? '', 'protocol'));
    this.closeFor(1002, 'session protocol error');
  }

  private clearWelcomeTimer(): void {
    if (this.welcomeTimer !== undefined) clearTimeout(this.welcomeTimer);
    this.welcomeTimer = undefined;
  }
}

/**
 * Opens a connection on `client` with a session on it, and returns the session at once (like `client.open`): its
 * status stream says when it starts. Reconnection is on unless `settings.reconnect` says otherwise (a session
 * without it ends with its first socket). The URL gets the session's query parameters on every attempt; the
 * user's subprotocols, headers and message format are untouched.
 *
 * @throws what `client.open` throws for bad settings; a RangeError for options out of range.
 * @example
 * ```ts
 * const session = openSession(createLiveClient(), { id: ID(), url: 'ws://localhost:8080/orders' })
 * session.status.subscribe((status) => console.log(status.type))
 * ```
 */
export function openSession(client: WebSocketClient, settings: Settings, options: ClientSessionOptions = {}): ClientSession {
  return new Session(client, settings, options);
}

/**
 * Opens a session and resolves once it has started (the server's welcome) or fallen back to plain; rejects with
 * the connection's typed failure, or `SessionUnsupportedError` when the server speaks no sessions and
 * `plainServer` is `'refuse'`.
 *
 * @example
 * ```ts
 * await using session = await connectSession(createLiveClient(), { id: ID(), url }, { resolveOn: 'ack' })
 * await session.send(Frame.text('hello'))
 * ```
 */
export function connectSession(client: WebSocketClient, settings: Settings, options: ClientSessionOptions = {}): Promise<ClientSession> {
  let session: ClientSession;
  try {
    session = openSession(client, settings, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const subscription = session.status.subscribe((status) => {
      const outcome =
        status.type === 'sessionStarted' || status.type === 'plain'
          ? () => resolve(session)
          : status.type === 'sessionUnsupported'
            ? () => reject(status.error)
            : status.type === 'didFail'
              ? () => reject(status.error)
              : status.type === 'didClose'
                ? () => reject(new SessionClosedError('', 'closed'))
                : undefined;
      if (outcome === undefined) return;
      outcome();
      queueMicrotask(() => subscription.unsubscribe());
    });
  });
}
