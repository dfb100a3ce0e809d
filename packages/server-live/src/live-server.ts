import { ID, InvalidSettingsError, silentLogger, StreamIterator, type Frame, type Logger, type Message } from '@aws/client';
import { adoptWebSocket } from '@aws/client-live';
import { Peer } from '@aws/core';
import type { PublishOptions, PublishResult, ServerAddress, Service, UpgradeDecision, WebSocketServer } from '@aws/server';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { answer, checkHandshake, flatHeaders, offeredProtocols } from './handshake.js';
import { LiveConnection, type ConnectionOwner } from './live-connection.js';
import { resolveServiceSettings, type ServiceSettings } from './service-settings.js';
import { Acceptor } from './ws-server.js';

/** Options of {@link createLiveServer}. */
export interface LiveServerOptions {
  /** Where the server logs refused upgrades (debug), handler failures and socket errors (warn). A pino logger fits.
   * @default silentLogger */
  readonly logger?: Logger;
  /** An `http` or `https` server to attach to, sharing its port with its HTTP routes; `listen` listens on it unless
   * it already is. `close` leaves it running.
   * @default a server of its own */
  readonly server?: HttpServer | HttpsServer;
  /** Serve `wss:` on a server of its own with these (Node's `https.createServer` options: `cert`, `key`, `ca`...). */
  readonly tls?: HttpsServerOptions;
  /** No HTTP server at all: a framework hands the upgrades to {@link LiveServer.handleUpgrade}. */
  readonly noServer?: boolean;
}

/** The live server: a {@link WebSocketServer} that a Node.js HTTP framework can also hand its upgrades to. */
export interface LiveServer extends WebSocketServer {
  /** Handles one upgrade request (from an `http` server's `upgrade` event, or a framework's). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

interface Registered {
  readonly service: Service<unknown>;
  readonly settings: ServiceSettings;
  readonly acceptor: Acceptor;
}

/**
 * Creates a {@link WebSocketServer} on `ws`, for Node.js: services on paths, each with its own upgrade decision,
 * heartbeat, limits and send policy; topics; graceful shutdown.
 *
 * @example
 * ```ts
 * const server = createLiveServer({ logger: pino() })
 * server.register('/echo', { received: (message, connection) => void connection.send({ type: 'message', message }) })
 * const { url } = await server.listen({ port: 0 })
 * ```
 */
export function createLiveServer(options: LiveServerOptions = {}): LiveServer {
  const logger = options.logger ?? silentLogger;
  const http = httpServerOf(options);
  const services = new Map<string, Registered>();
  const connections = new Set<LiveConnection>();
  const topics = new Map<string, Set<LiveConnection>>();
  let closing = false;

  const owner: ConnectionOwner = {
    joined(topic, connection) {
      let members = topics.get(topic);
      if (members === undefined) topics.set(topic, (members = new Set()));
      members.add(connection);
    },
    left(topic, connection) {
      const members = topics.get(topic);
      if (members?.delete(connection) === true && members.size === 0) topics.delete(topic);
    },
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A client that goes away mid-handshake must not become an uncaught error.
    socket.on('error', (error) => logger.debug({ err: error }, 'upgrade socket error'));
    void upgrade(request, socket, head).catch((error: unknown) => {
      logger.warn({ err: error }, 'upgrade failed');
      answer(socket, 500);
    });
  };

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    if (closing) return answer(socket, 503, { 'retry-after': '1' }, 'the server is shutting down');
    const bad = checkHandshake(request);
    if (bad !== undefined) return answer(socket, bad.status, bad.headers, bad.reason);
    const protocols = offeredProtocols(request);
    if (protocols === undefined) return answer(socket, 400, {}, 'invalid Sec-WebSocket-Protocol');
    const url = new URL(request.url ?? '/', 'ws://localhost');
    const registered = services.get(url.pathname);
    if (registered === undefined) return answer(socket, 404, {}, `no service on ${url.pathname}`);
    const headers = flatHeaders(request);
    const upgradeRequest = { path: url.pathname, query: url.searchParams, headers, protocols, remoteAddress: request.socket.remoteAddress };
    const decision: UpgradeDecision<unknown> = (await registered.service.upgrade?.(upgradeRequest)) ?? { accept: true, context: undefined };
    if (!decision.accept) {
      logger.debug({ path: url.pathname, status: decision.status }, 'upgrade refused');
      return answer(socket, decision.status, decision.headers, decision.body);
    }
    if (decision.protocol !== undefined && !protocols.includes(decision.protocol)) {
      throw new Error(`the service of ${url.pathname} chose subprotocol ${JSON.stringify(decision.protocol)}, which the client did not offer`);
    }
    if (closing || socket.destroyed) return void socket.destroy();
    registered.acceptor.accept(request, socket, head, decision.protocol, (ws, extensions) => {
      const peer = new Peer(ID(), registered.settings.peer);
      // Listeners first, in this turn: frames the client sends right after the handshake wait in the backlog.
      peer.start(adoptWebSocket(ws, peer.events));
      const connection = new LiveConnection(peer, owner, url.pathname, url.searchParams, headers, ws.protocol, extensions, decision.context);
      connections.add(connection);
      void run(registered.service, connection);
    });
  };

  const run = async (service: Service<unknown>, connection: LiveConnection): Promise<void> => {
    const failed = (error: unknown): void => {
      logger.warn({ err: error, id: connection.id, path: connection.path }, 'service handler failed: closing with 1011');
      void connection.close(1011, 'internal error');
    };
    void connection.closed.then(async (close) => {
      connections.delete(connection);
      try {
        await service.disconnected?.(connection, close);
      } catch (error) {
        logger.warn({ err: error, id: connection.id }, 'disconnected handler failed');
      }
    });
    try {
      await service.connected?.(connection);
    } catch (error) {
      return failed(error);
    }
    const received = service.received;
    if (received === undefined) return;
    // One message at a time, in order, awaiting an async handler: a `for await` consumer, so the socket pauses when
    // the handler falls behind (receive backpressure), as the client's.
    const frames = new StreamIterator<Frame>(connection.frames);
    for (let next = await frames.next(); next.done !== true; next = await frames.next()) {
      if (next.value.type !== 'message') continue;
      try {
        await received.call(service, next.value.message as Message, connection);
      } catch (error) {
        await frames.return();
        return failed(error);
      }
    }
  };

  http?.on('upgrade', onUpgrade);

  const except = (options: PublishOptions | undefined): ID | undefined =>
    typeof options?.except === 'string' ? options.except : options?.except?.id;

  const fanOut = (members: Iterable<LiveConnection>, frame: Frame, options: PublishOptions | undefined): PublishResult => {
    const skip = except(options);
    let delivered = 0;
    const skipped: ID[] = [];
    const closed: ID[] = [];
    for (const connection of [...members]) {
      if (connection.id === skip) continue;
      const outcome = connection.offer(frame);
      if (outcome === 'delivered') delivered += 1;
      else if (outcome === 'skipped') skipped.push(connection.id);
      else closed.push(connection.id);
    }
    return { delivered, skipped, closed };
  };

  const server: LiveServer = {
    handleUpgrade: onUpgrade,

    register(path, service) {
      const settings = resolveServiceSettings(service.options);
      services.set(path, { service: service as Service<unknown>, settings, acceptor: new Acceptor(settings) });
    },

    unregister(path) {
      services.delete(path);
    },

    connections: (path) => [...connections].filter((connection) => path === undefined || connection.path === path),

    broadcast: (path, frame, options) => fanOut([...connections].filter((connection) => connection.path === path), frame, options),

    publish: (topic, frame, options) => fanOut(topics.get(topic) ?? [], frame, options),

    async listen(listenOptions = {}): Promise<ServerAddress> {
      if (http === undefined) throw new InvalidSettingsError('noServer', true, 'false for a server that listens (with noServer, hand upgrades to handleUpgrade)');
      const host = listenOptions.host ?? '127.0.0.1';
      if (!http.listening) {
        await new Promise<void>((resolve, reject) => {
          http.once('error', reject);
          http.listen(listenOptions.port ?? 0, host, () => {
            http.off('error', reject);
            resolve();
          });
        });
      }
      const address = http.address() as AddressInfo;
      const scheme = http instanceof HttpsServer ? 'wss' : 'ws';
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return { host: address.address, port: address.port, url: `${scheme}://${shown}:${address.port}` };
    },

    async close(closeOptions = {}): Promise<void> {
      closing = true;
      const { code = 1001, reason = 'server shutting down', timeout = 5_000 } = closeOptions;
      const open = [...connections];
      const ended = Promise.all(open.map((connection) => connection.close(code, reason).catch(() => connection.drop())));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)));
      await Promise.race([ended, late]);
      clearTimeout(timer);
      // Those that did not answer the closing handshake in time are dropped.
      await Promise.all(open.map((connection) => connection.drop()));
      http?.off('upgrade', onUpgrade);
      if (http !== undefined && options.server === undefined && http.listening) {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections();
        await stopped;
      }
    },

    [Symbol.asyncDispose]() {
      return server.close();
    },
  };
  return server;
}

const upgradeRequired = (_request: IncomingMessage, response: ServerResponse): void =>
  void response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('upgrade required');

function httpServerOf(options: LiveServerOptions): HttpServer | HttpsServer | undefined {
  if (options.noServer === true) return undefined;
  if (options.server !== undefined) return options.server;
  return options.tls === undefined ? createServer(upgradeRequired) : createHttpsServer(options.tls, upgradeRequired);
}
