import { ConnectionClosedError, InvalidFrameError, type CloseInfo, type Frame, type ID, type Message } from '@aws/client';
import type { ServerConnection } from '@aws/server';
import { Endpoint, type Incoming } from './endpoint.js';
import { SessionClosedError } from './errors.js';
import type { ResolvedSessionOptions, SendOptions } from './options.js';
import { decode, readData, type DataHeader, type WireMessage } from './wire.js';

/**
 * Why a session ended, as its handler's `disconnected` sees it: a close frame from either side (`closed`), no
 * client back within the grace period after a drop (`expired`), the unacknowledged buffer overflowing under the
 * policy `'close'` (`overflow`), a peer that broke the protocol (`protocol`), or the service being disposed.
 */
export type SessionEnd =
  | { readonly type: 'closed'; readonly code: number; readonly reason: string }
  | { readonly type: 'expired' }
  | { readonly type: 'overflow' }
  | { readonly type: 'protocol'; readonly detail: string }
  | { readonly type: 'disposed' };

/**
 * One session as a service's handler sees it: one logical connection to one client that outlives its sockets. Sends
 * made while the client is away wait in the unacknowledged buffer and go out when it resumes.
 *
 * With `plainClients: 'accept'`, a client that did not ask for a session gets one of `mode: 'plain'`: the same
 * interface on its one socket, with the plain guarantees (a send resolves when written; nothing is resumed).
 *
 * @example
 * ```ts
 * const handler: SessionHandler = {
 *   received: async (message, session) => {
 *     if (message.type === 'text') await session.send(Frame.text(message.text.toUpperCase()))
 *   },
 * }
 * ```
 */
export interface ServerSession<Context = unknown> {
  /** The session id the client presents to resume (the connection id for a plain one). */
  readonly id: string;
  readonly mode: 'session' | 'plain';
  /** What the service's `upgrade` attached to the socket that started the session. */
  readonly context: Context;
  /** The current socket, undefined while the client is away. */
  readonly connection: ServerConnection<unknown> | undefined;
  /** Messages sent and not yet acknowledged by the client (0 for a plain session). */
  readonly unacknowledged: number;
  /** Whether the session has not ended. */
  isOpen(): boolean;
  /** Sends a frame. A message resolves on the client's acknowledgement (or on write, see `resolveOn`) and rejects
   * with `SessionBufferFullError` or `SessionClosedError`; a ping or pong goes on the current socket alone; a close
   * frame is {@link ServerSession.close}. */
  send(frame: Frame, options?: SendOptions): Promise<void>;
  /**
   * Sends a frame that nobody awaits. A message is delivered as a send's is (kept until the client acknowledges it,
   * sent again when it resumes: exactly once, in order with the sends), with no promise made for it; a ping or pong
   * is posted on the current socket. What a send would reject with at once is thrown: `SessionClosedError` once the
   * session ended, `SessionBufferFullError` for a message larger than the buffer or a full buffer under `'reject'`,
   * `ConnectionClosedError` for a ping or pong while the client is away, `InvalidFrameError` for a close frame (that
   * is {@link ServerSession.close}).
   *
   * @example
   * ```ts
   * const handler: SessionHandler = { received: (message, session) => session.post({ type: 'message', message }) }
   * ```
   */
  post(frame: Frame): void;
  /** Ends the session: unacknowledged sends reject, the socket (if any) is closed with `code` (default 1000). */
  close(code?: number, reason?: string): Promise<void>;
}

const ignore = (): void => {};

/** @internal The hooks a session calls into its service. */
export interface SessionOwner<Context> {
  deliver(session: LiveSession<Context>, message: Message): Promise<void> | undefined;
  ended(session: LiveSession<Context>, end: SessionEnd): void;
}

/** @internal A session of the protocol: an {@link Endpoint} and the socket it is on, if any. */
export class LiveSession<Context> implements ServerSession<Context> {
  readonly mode = 'session';
  readonly endpoint: Endpoint;
  connection: ServerConnection<unknown> | undefined;
  /** The handler calls of this session, one after the other across its sockets. */
  chain: Promise<void> = Promise.resolve();
  /** How many handler calls of the chain have not settled. */
  running = 0;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private over = false;
  private readonly header: DataHeader = { seq: 0, ack: 0 };

  constructor(
    readonly id: string,
    readonly context: Context,
    options: ResolvedSessionOptions,
    private readonly owner: SessionOwner<Context>,
  ) {
    this.endpoint = new Endpoint(options, () => this.end({ type: 'overflow' }, 1008, 'session buffer full'));
  }

  get unacknowledged(): number {
    return this.endpoint.unacknowledged;
  }

  isOpen(): boolean {
    return !this.over;
  }

  /** A socket takes the session over (a new one, or a resumption): a previous one still attached is dropped. */
  attach(connection: ServerConnection<unknown>, clientReceived: number): void {
    this.clearGrace();
    const previous = this.connection;
    this.connection = connection;
    if (previous !== undefined && previous !== connection) {
      this.endpoint.detach();
      void previous.drop();
    }
    const link = (message: Message) => connection.send({ type: 'message', message });
    const post = (message: Message): void => {
      try {
        connection.post({ type: 'message', message });
      } catch {
        // The socket is closing or has ended (its end detaches the endpoint): the buffer keeps what the client has
        // not acknowledged, exactly as when a send's write rejected.
      }
    };
    this.endpoint.attach(link, clientReceived, this.endpoint.received, post);
  }

  /** The socket ended with a drop: the session waits `grace` ms for the client to come back. */
  suspend(connection: ServerConnection<unknown>, grace: number): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.endpoint.detach();
    this.graceTimer = setTimeout(() => this.end({ type: 'expired' }), grace);
    // A session waiting for its client must not keep the process alive on its own.
    (this.graceTimer as { unref?: () => void }).unref?.();
  }

  /** A message from any of this session's sockets. */
  receive(message: Message): Promise<void> | undefined {
    if (this.over) return undefined;
    const payload = readData(message, this.header);
    const outcome = payload === undefined ? this.control(decode(message)) : this.endpoint.data(this.header.seq, this.header.ack, payload);
    if (typeof outcome === 'string') {
      this.end({ type: 'protocol', detail: outcome }, 1002, 'session protocol error');
      return undefined;
    }
    return outcome === undefined ? undefined : this.owner.deliver(this, outcome);
  }

  /** What a message that is not data means: a client sends no welcome. */
  private control(wire: WireMessage): Incoming {
    if (wire.kind === 'ack') return this.endpoint.ack(wire.ack);
    if (wire.kind === 'resend') return this.endpoint.resend(wire.received);
    return `not a session message (${wire.kind})`;
  }

  send(frame: Frame, options?: SendOptions): Promise<void> {
    if (frame?.type === 'message') return this.endpoint.send(frame.message, options?.resolveOn);
    if (frame?.type === 'close') return this.close(frame.code, frame.reason);
    if (this.over || this.connection === undefined) return Promise.reject(new ConnectionClosedError(this.id as ID, 'has no socket now'));
    return this.connection.send(frame);
  }

  post(frame: Frame): void {
    if (frame?.type === 'message') return this.endpoint.post(frame.message);
    if (frame?.type === 'close') throw new InvalidFrameError('a close frame is not posted: close the session');
    if (this.over || this.connection === undefined) throw new ConnectionClosedError(this.id as ID, 'has no socket now');
    this.connection.post(frame);
  }

  close(code = 1000, reason = ''): Promise<void> {
    const connection = this.connection;
    this.end({ type: 'closed', code, reason });
    return connection === undefined ? Promise.resolve() : connection.close(code, reason).then(ignore, ignore);
  }

  /** Ends the session once: pending sends reject, the service forgets it, the handler is told. A socket still
   * attached is closed with `code` when one is given. */
  end(end: SessionEnd, code?: number, reason?: string): void {
    if (this.over) return;
    this.over = true;
    this.clearGrace();
    const kind = end.type === 'expired' || end.type === 'overflow' || end.type === 'protocol' ? end.type : 'closed';
    this.endpoint.end(new SessionClosedError(this.id, kind));
    const connection = this.connection;
    this.connection = undefined;
    if (connection !== undefined && code !== undefined) void connection.close(code, reason).catch(ignore);
    this.owner.ended(this, end);
  }

  private clearGrace(): void {
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }
}

/** @internal A client that asked for no session, accepted with `plainClients: 'accept'`: its one socket as is. */
export class PlainSession<Context> implements ServerSession<Context> {
  readonly mode = 'plain';
  readonly unacknowledged = 0;
  constructor(readonly connection: ServerConnection<unknown>) {}

  get id(): string {
    return this.connection.id;
  }

  get context(): Context {
    return this.connection.context as Context;
  }

  isOpen(): boolean {
    return this.connection.isOpen();
  }

  send(frame: Frame): Promise<void> {
    return frame?.type === 'close' ? this.close(frame.code, frame.reason) : this.connection.send(frame);
  }

  post(frame: Frame): void {
    this.connection.post(frame);
  }

  close(code?: number, reason?: string): Promise<void> {
    return this.connection.close(code, reason).then(ignore, ignore);
  }
}

/** @internal What a closed socket means for its session: a drop (1006) suspends it, anything else ends it. */
export function socketEnded<Context>(
  session: LiveSession<Context>,
  connection: ServerConnection<unknown>,
  close: CloseInfo,
  grace: number,
): void {
  if (session.connection !== connection) return;
  if (close.code === 1006) session.suspend(connection, grace);
  else session.end({ type: 'closed', code: close.code, reason: close.reason });
}
