import {
  AbortedError,
  AlreadyOpenedError,
  bindConnection,
  ConnectionClosedError,
  silentLogger,
  type CloseInfo,
  type Connection as ConnectionHandle,
  type ConnectionStatus,
  type Frame,
  type ID,
  type Logger,
  type Settings,
  type Stream,
  type WebSocketClient,
} from '@aws/client';
import { checkCloseArgs } from './close-args.js';
import { Connection } from './connection.js';

/** Options of {@link createLiveClient}. */
export interface LiveClientOptions {
  /** Where the client logs its connections' lives (debug) and socket errors (warn). A pino logger fits.
   * @default silentLogger */
  readonly logger?: Logger;
}

/**
 * Creates a {@link WebSocketClient} on `ws`, for Node.js. It holds any number of connections keyed by id.
 *
 * @example
 * ```ts
 * import { createLiveClient } from '@aws/client-live'
 * import { Frame, ID } from '@aws/client'
 *
 * const client = createLiveClient()
 * await using connection = await client.connect({ id: ID(), url: 'ws://localhost:8888' })
 * await connection.send(Frame.text('Hello'))
 * ```
 */
export function createLiveClient(options: LiveClientOptions = {}): WebSocketClient {
  const logger = options.logger ?? silentLogger;
  const connections = new Map<ID, Connection>();

  const lookup = (id: ID): Connection => {
    const connection = connections.get(id);
    if (connection === undefined) throw new ConnectionClosedError(id);
    return connection;
  };

  const client: WebSocketClient = {
    open(settings: Settings): Stream<ConnectionStatus> {
      if (connections.has(settings.id)) throw new AlreadyOpenedError(settings.id);
      if (settings.signal?.aborted === true) throw new AbortedError(settings.signal.reason);
      const connection = new Connection(settings.id, settings, logger, (ended) => {
        if (connections.get(ended.id) === ended) connections.delete(ended.id);
      });
      connection.start();
      connections.set(settings.id, connection);
      return connection.status;
    },

    async connect(settings: Settings): Promise<ConnectionHandle> {
      const status = client.open(settings);
      const protocol = await new Promise<string>((resolve, reject) => {
        const subscription = status.subscribe((current) => {
          if (current.type === 'connected') resolve(current.protocol);
          else if (current.type === 'didFail') reject(current.error);
          else if (current.type === 'didClose') reject(new ConnectionClosedError(settings.id, 'closed while opening'));
          else return;
          queueMicrotask(() => subscription.unsubscribe());
        });
      });
      return bindConnection(client, settings.id, protocol);
    },

    status: (id) => lookup(id).status,

    receive: (id) => lookup(id).frames.stream,

    send(id: ID, frame: Frame): Promise<void> {
      if (frame?.type === 'close') return client.close(id, frame.code, frame.reason).then(() => undefined);
      const connection = connections.get(id);
      if (connection === undefined) return Promise.reject(new ConnectionClosedError(id));
      return connection.send(frame);
    },

    close(id: ID, code = 1000, reason = ''): Promise<CloseInfo> {
      const checked = checkCloseArgs(code, reason);
      if (checked instanceof Error) return Promise.reject(checked);
      const connection = connections.get(id);
      if (connection === undefined) return Promise.reject(new ConnectionClosedError(id));
      return connection.close(checked.code, checked.reason);
    },

    isConnected: (id) => connections.get(id)?.isConnected ?? false,

    async closeAll(code = 1000, reason = ''): Promise<void> {
      const checked = checkCloseArgs(code, reason);
      if (checked instanceof Error) throw checked;
      await Promise.all([...connections.values()].map((connection) => connection.close(checked.code, checked.reason)));
    },
  };
  return client;
}
