import { InvalidSettingsError, silentLogger, type Logger } from '@aws/client';
import { adoptWebSocket } from '@aws/client-live';
import { ServiceHost } from '@aws/server-core';
import type { ServerAddress, Service, TopicOptions, WebSocketServer } from '@aws/server';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { answer, checkHandshake, flatHeaders, offeredProtocols } from './handshake.js';
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
  /** The broker that carries topics across server processes (`@aws/server-redis`), and how a frame's offset reaches
   * the client. The server owns the broker: `close` closes it.
   * @default the in-memory broker: topics within this process */
  readonly topics?: TopicOptions;
}

/** The live server: a {@link WebSocketServer} that a Node.js HTTP framework can also hand its upgrades to. */
export interface LiveServer extends WebSocketServer {
  /** Handles one upgrade request (from an `http` server's `upgrade` event, or a framework's). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
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
  const host = new ServiceHost<Acceptor>(logger, (settings) => new Acceptor(settings), options.topics);

  // A client that goes away mid-handshake must not become an uncaught error. One listener for every socket, removed
  // once `ws` has the socket and its own: a closure per connection, and a listener array, would stay with every
  // open connection (idle memory counts).
  const upgradeSocketError = (error: Error): void => logger.debug({ err: error }, 'upgrade socket error');

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', upgradeSocketError);
    void upgrade(request, socket, head).catch((error: unknown) => {
      logger.warn({ err: error }, 'upgrade failed');
      answer(socket, 500);
    });
  };

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const bad = checkHandshake(request);
    if (bad !== undefined) return answer(socket, bad.status, bad.headers, bad.reason);
    const protocols = offeredProtocols(request);
    if (protocols === undefined) return answer(socket, 400, {}, 'invalid Sec-WebSocket-Protocol');
    const url = new URL(request.url ?? '/', 'ws://localhost');
    const upgradeRequest = {
      path: url.pathname,
      query: url.searchParams,
      headers: flatHeaders(request),
      protocols,
      remoteAddress: request.socket.remoteAddress,
    };
    const routing = await host.route(upgradeRequest);
    if (!routing.accept) return answer(socket, routing.status, routing.headers, routing.body);
    if (host.isStopping || socket.destroyed) return void socket.destroy();
    routing.registered.extra.accept(request, socket, head, routing.decision.protocol, (ws, extensions) => {
      socket.off('error', upgradeSocketError);
      host.connect(routing, { request: upgradeRequest, protocol: ws.protocol, extensions }, (peer) =>
        adoptWebSocket(ws, peer.events, undefined, socket),
      );
    });
  };

  http?.on('upgrade', onUpgrade);

  const server: LiveServer = {
    handleUpgrade: onUpgrade,
    register: (path, service) => host.register(path, service as Service<unknown>),
    unregister: (path) => host.unregister(path),
    connections: (path) => host.connections(path),
    broadcast: (path, frame, publishOptions) => host.broadcast(path, frame, publishOptions),
    publish: (topic, frame, publishOptions) => host.publish(topic, frame, publishOptions),
    health: () => host.health(),

    async listen(listenOptions = {}): Promise<ServerAddress> {
      if (http === undefined)
        throw new InvalidSettingsError('noServer', true, 'false for a server that listens (with noServer, hand upgrades to handleUpgrade)');
      const hostname = listenOptions.host ?? '127.0.0.1';
      if (!http.listening) {
        await new Promise<void>((resolve, reject) => {
          http.once('error', reject);
          http.listen(listenOptions.port ?? 0, hostname, () => {
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
      const { code = 1001, reason = 'server shutting down', timeout = 5_000 } = closeOptions;
      await host.stop(code, reason, timeout);
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
