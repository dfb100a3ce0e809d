import { silentLogger, type CloseInfo, type Logger, type Message } from '@aws/client';
import {
  accept,
  refuse,
  type ServerConnection,
  type Service,
  type ServiceOptions,
  type UpgradeDecision,
  type UpgradeRequest,
} from '@aws/server';
import { resolveSessionOptions, type SessionOptions } from './options.js';
import { LiveSession, PlainSession, socketEnded, type ServerSession, type SessionEnd, type SessionOwner } from './server-session.js';
import { encodeWelcome, protocolVersion, query, type WelcomeKind } from './wire.js';

/**
 * A service written per session rather than per socket: `connected` when a session starts, `received` for each
 * message exactly once and in order whatever the sockets did, `disconnected` once when it ends (closed, expired,
 * overflowed). `suspended` and `resumed` tell of the sockets in between, for information. `upgrade` runs on every
 * socket (so authentication is checked again on resumption); the session keeps the context of its first socket.
 *
 * @example
 * ```ts
 * const orders: SessionHandler<{ user: string }> = {
 *   upgrade: (request) => (request.headers.authorization === 'Bearer t' ? accept({ user: 'ada' }) : refuse(401)),
 *   received: async (message, session) => void (await session.send(Frame.text(`ok ${session.context.user}`))),
 *   disconnected: (session, end) => console.log(session.id, end.type),
 * }
 * ```
 */
export interface SessionHandler<Context = unknown> {
  /** The service options of every socket (the send queue's overflow is forced to `'wait'`: the session bounds). */
  readonly options?: ServiceOptions;
  upgrade?(request: UpgradeRequest): UpgradeDecision<Context> | Promise<UpgradeDecision<Context>>;
  connected?(session: ServerSession<Context>): void | Promise<void>;
  received?(message: Message, session: ServerSession<Context>): void | Promise<void>;
  /** The socket dropped; the session waits for the client for `grace` ms. */
  suspended?(session: ServerSession<Context>, close: CloseInfo): void | Promise<void>;
  /** The client came back on a new socket; what it had not acknowledged has been sent again. */
  resumed?(session: ServerSession<Context>): void | Promise<void>;
  /** Whether the socket whose upgrade gave `context` may resume `session` (the same user, say): the session id
   * travels in the URL's query, so a server with users should check. A refusal gives that socket a fresh session,
   * as if the asked one were lost; the session itself is left alone. @default every socket may */
  mayResume?(session: ServerSession<Context>, context: Context): boolean;
  disconnected?(session: ServerSession<Context>, end: SessionEnd): void | Promise<void>;
}

/**
 * The options of {@link sessionService}: those of both sides, plus the server's bounds. The memory a service holds is
 * at most `maxSessions` × (`buffer.bytes` + `buffer.messages` × ~150 bytes of bookkeeping), plus what `'wait'`
 * makes callers wait with; with the defaults, 10,000 × (1 MiB + 150 KiB) ≈ 11.5 GiB at the very worst, so set them
 * to what your server can hold.
 *
 * @example
 * ```ts
 * sessionService(handler, { grace: 60_000, maxSessions: 1_000, buffer: { messages: 256, bytes: 256 << 10 } })
 * ```
 */
export interface SessionServiceOptions extends SessionOptions {
  /** How long (ms) a session whose socket dropped (1006) waits for its client to resume. A close frame ends a
   * session at once. @default 30000 */
  readonly grace?: number;
  /** The most sessions, live and waiting; past it a new one is refused with HTTP 503. @default 10000 */
  readonly maxSessions?: number;
  /** A client that does not ask for a session: served on its socket with the plain guarantees, or refused with
   * HTTP 400. @default 'refuse' */
  readonly plainClients?: 'accept' | 'refuse';
  /** Where a handler's failure outside the server's own calls (an expiry) is reported. @default silentLogger */
  readonly logger?: Logger;
}

/**
 * A {@link Service} that the server registers like any other, running `handler` per session. Besides the service's
 * members it lists its sessions and, disposed, ends them all (sessions waiting for their client hold no timer that
 * keeps the process alive, but they hold their buffers until then).
 *
 * @example
 * ```ts
 * const service = sessionService({ received: (message, session) => void session.send({ type: 'message', message }) })
 * server.register('/orders', service)
 * ```
 */
export interface SessionService<Context = unknown> extends Service<Context>, Disposable {
  /** The sessions alive now, with their client or waiting for it. */
  sessions(): readonly ServerSession<Context>[];
}

const parseReceived = (text: string | null): number => {
  if (text === null) return 0;
  return /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
};

const randomId = (): string => globalThis.crypto.randomUUID();

/**
 * Wraps a per-session handler into a plain {@link Service}: the session protocol on each socket (the welcome, the
 * sequence numbers and acknowledgements, resumption), sessions kept `grace` ms after a drop, then expired.
 *
 * @example
 * ```ts
 * server.register('/echo', sessionService({ received: (message, session) => void session.send({ type: 'message', message }) }))
 * ```
 */
export function sessionService<Context = undefined>(
  handler: SessionHandler<Context>,
  options: SessionServiceOptions = {},
): SessionService<Context> {
  const resolved = resolveSessionOptions(options);
  const grace = options.grace ?? 30_000;
  const maxSessions = options.maxSessions ?? 10_000;
  const plainClients = options.plainClients ?? 'refuse';
  const logger = options.logger ?? silentLogger;
  const sessions = new Map<string, LiveSession<Context>>();
  const bySocket = new WeakMap<ServerConnection<unknown>, LiveSession<Context> | PlainSession<Context>>();

  const failed = (what: string, session: ServerSession<Context>) => (error: unknown) =>
    logger.warn({ err: error, session: session.id }, `session handler ${what} failed`);

  const track = (session: LiveSession<Context>, run: Promise<void>): Promise<void> => {
    session.running += 1;
    session.chain = run.then(
      () => void (session.running -= 1),
      () => void (session.running -= 1),
    );
    return run;
  };

  // The handler calls of a session run one after the other, also when two sockets overlap (a resumption while the
  // dropped one's last messages are still being handled). The common case, nothing running, is synchronous.
  const serially = (session: LiveSession<Context>, call: () => void | Promise<void>): Promise<void> | undefined =>
    session.running > 0 ? track(session, session.chain.then(call)) : settled(session, call());

  /** A handler call made at once: a promise it returns holds the session's later calls back until it settles. */
  const settled = (session: LiveSession<Context>, result: void | Promise<void>): Promise<void> | undefined =>
    result === undefined || typeof (result as Promise<void>).then !== 'function' ? undefined : track(session, Promise.resolve(result));

  /** A handler call the server does not make itself (it has no connection to close): failures are logged. */
  const hook = (what: string, session: LiveSession<Context>, call: () => void | Promise<void>): void => {
    const guarded = (): void | Promise<void> => {
      try {
        return call();
      } catch (error) {
        failed(what, session)(error);
      }
    };
    serially(session, guarded)?.catch(failed(what, session));
  };

  const owner: SessionOwner<Context> = {
    // Every message's path: `serially` without the closure it would take, when nothing of the session is running.
    deliver(session, message) {
      if (session.running === 0) return settled(session, handler.received?.(message, session));
      return serially(session, () => handler.received?.(message, session));
    },
    ended(session, end) {
      sessions.delete(session.id);
      hook('disconnected', session, () => handler.disconnected?.(session, end));
    },
  };

  const open = (connection: ServerConnection<unknown>): { session: LiveSession<Context>; kind: WelcomeKind } | undefined => {
    const asked = connection.query.get(query.id);
    const existing = asked === null ? undefined : sessions.get(asked);
    if (existing !== undefined && (handler.mayResume?.(existing, connection.context as Context) ?? true))
      return { session: existing, kind: 'resumed' };
    if (sessions.size >= maxSessions) return undefined;
    const session = new LiveSession<Context>(randomId(), connection.context as Context, resolved, owner);
    sessions.set(session.id, session);
    return { session, kind: asked === null ? 'new' : 'lost' };
  };

  const sendQueue = { ...handler.options?.sendQueue, overflow: 'wait' as const };
  return {
    options: { ...handler.options, sendQueue },
    async upgrade(request) {
      const version = request.query.get(query.version);
      if (version === null && plainClients === 'refuse')
        return refuse(400, { body: `this service speaks the session protocol: add ${query.version}=${protocolVersion} to the query` });
      if (version !== null && version !== protocolVersion) return refuse(400, { body: `unsupported ${query.version} version ${version}` });
      const asked = request.query.get(query.id);
      if (version !== null && (asked === null || !sessions.has(asked)) && sessions.size >= maxSessions)
        return refuse(503, { headers: { 'retry-after': '1' }, body: 'too many sessions' });
      return handler.upgrade === undefined ? accept(undefined as Context) : handler.upgrade(request);
    },
    async connected(connection) {
      if (connection.query.get(query.version) === null) {
        const plain = new PlainSession<Context>(connection);
        bySocket.set(connection, plain);
        return handler.connected?.(plain);
      }
      const clientReceived = parseReceived(connection.query.get(query.received));
      const opened = open(connection);
      if (opened === undefined) return void connection.close(1013, 'too many sessions');
      const { session, kind } = opened;
      // A resumption that names an impossible position is refused on its own socket: the session and its current
      // socket are left alone (whoever sent it may merely know the id).
      if (kind === 'resumed' && !session.endpoint.accepts(clientReceived)) return void connection.close(1002, 'session position');
      bySocket.set(connection, session);
      // The welcome first, then (in attach) what the client has not acknowledged, in order, on the same queue.
      connection.send({ type: 'message', message: encodeWelcome(session.id, session.endpoint.received, kind) }).catch(() => {});
      session.attach(connection, kind === 'resumed' ? clientReceived : 0);
      // In the session's order of handler calls: a resumption while an async `connected` runs waits for it.
      if (kind !== 'resumed') return serially(session, () => handler.connected?.(session));
      hook('resumed', session, () => handler.resumed?.(session));
    },
    received(message, connection) {
      const session = bySocket.get(connection);
      if (session instanceof PlainSession) return handler.received?.(message, session);
      return session?.receive(message);
    },
    disconnected(connection, close) {
      const session = bySocket.get(connection);
      bySocket.delete(connection);
      if (session instanceof PlainSession) return handler.disconnected?.(session, { type: 'closed', ...close });
      if (session === undefined || !session.isOpen() || session.connection !== connection) return;
      socketEnded(session, connection, close, grace);
      if (session.isOpen()) hook('suspended', session, () => handler.suspended?.(session, close));
    },
    sessions: () => [...sessions.values()],
    [Symbol.dispose]() {
      for (const session of [...sessions.values()]) session.end({ type: 'disposed' }, 1001, 'service disposed');
    },
  };
}
