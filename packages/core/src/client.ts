import {
  AbortedError,
  AlreadyOpenedError,
  ConnectionClosedError,
  silentLogger,
  type CloseInfo,
  type Connection,
  type ConnectionStatus,
  type Frame,
  type ID,
  type Logger,
  type Settings,
  type Stream,
  type WebSocketClient,
} from '@aws/client';
import { isStatic, staticAttempt } from './attempt.js';
import { checkCloseArgs } from './close-args.js';
import { SupervisedConnection } from './connection-handle.js';
import { resolveSettings } from './resolve-settings.js';
import { Supervisor, type SupervisorHost } from './supervisor.js';
import type { Transport } from './transport.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Where the client logs its connections' lives (debug) and socket errors (warn). A pino logger fits.
   * @default silentLogger */
  readonly logger?: Logger;
}

/**
 * Creates a {@link WebSocketClient} on a transport: the whole client (statuses, reconnection, heartbeat, queues,
 * backpressure) written once, for any platform's WebSocket. Apps use `createLiveClient()` from `@aws/client-live`,
 * which is this on `ws`.
 *
 * @example
 * ```ts
 * const client = createClient(wsTransport, { logger })
 * await using connection = await client.connect({ id: ID(), url: 'ws://localhost:8888' })
 * ```
 */
export function createClient(transport: Transport, options: ClientOptions = {}): WebSocketClient {
  const logger = options.logger ?? silentLogger;
  const connections = new Map<ID, Supervisor>();

  const lookup = (id: ID): Supervisor => {
    const supervisor = connections.get(id);
    if (supervisor === undefined) throw new ConnectionClosedError(id);
    return supervisor;
  };

  const release = (ended: Supervisor): void => {
    if (connections.get(ended.id) === ended) connections.delete(ended.id);
  };

  // What every connection of this client shares, held by each through one reference (idle memory counts).
  const host: SupervisorHost = { transport, logger, ended: release };

  const closeArgs = (code: unknown, reason: unknown) => {
    const checked = checkCloseArgs(code, reason);
    return checked instanceof Error ? checked : (transport.checkCloseCode?.(checked.code) ?? checked);
  };

  const open = (settings: Settings): Supervisor => {
    if (connections.has(settings?.id)) throw new AlreadyOpenedError(settings.id);
    // Everything that can be checked is checked before anything (a timer, a socket, a listener) exists.
    const resolved = resolveSettings(settings);
    transport.checkSettings?.(settings, resolved);
    if (resolved.signal?.aborted === true) throw new AbortedError(resolved.signal.reason);
    const first = isStatic(resolved) ? staticAttempt(resolved) : undefined;
    const supervisor = new Supervisor(resolved, host, first);
    connections.set(settings.id, supervisor);
    supervisor.start();
    return supervisor;
  };

  const client: WebSocketClient = {
    open: (settings) => open(settings).status,

    async connect(settings: Settings): Promise<Connection> {
      const supervisor = open(settings);
      await new Promise<void>((resolve, reject) => {
        const subscription = supervisor.status.subscribe((current) => {
          if (current.type === 'connected') resolve();
          else if (current.type === 'didFail') reject(current.error);
          else if (current.type === 'didClose') reject(new ConnectionClosedError(settings.id, 'closed while opening'));
          else return;
          queueMicrotask(() => subscription.unsubscribe());
        });
      });
      return new SupervisedConnection(supervisor);
    },

    status: (id): Stream<ConnectionStatus> => lookup(id).status,

    receive: (id): Stream<Frame> => lookup(id).frames.stream,

    send(id: ID, frame: Frame): Promise<void> {
      if (frame?.type === 'close') return client.close(id, frame.code, frame.reason).then(() => undefined);
      const supervisor = connections.get(id);
      if (supervisor === undefined) return Promise.reject(new ConnectionClosedError(id));
      return supervisor.send(frame);
    },

    post(id: ID, frame: Frame): void {
      lookup(id).post(frame);
    },

    close(id: ID, code = 1000, reason = ''): Promise<CloseInfo> {
      const checked = closeArgs(code, reason);
      if (checked instanceof Error) return Promise.reject(checked);
      const supervisor = connections.get(id);
      if (supervisor === undefined) return Promise.reject(new ConnectionClosedError(id));
      return supervisor.close(checked.code, checked.reason);
    },

    isConnected: (id) => connections.get(id)?.isConnected ?? false,

    async closeAll(code = 1000, reason = ''): Promise<void> {
      const checked = closeArgs(code, reason);
      if (checked instanceof Error) throw checked;
      await Promise.all([...connections.values()].map((supervisor) => supervisor.close(checked.code, checked.reason)));
    },
  };
  return client;
}
