import { silentLogger, type Logger } from '@aws/client';
import type { ServerConnection, Service, TopicOptions, WebSocketServer } from '@aws/server';
import { createLiveServer } from '@aws/server-live';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseWithCodeOnly } from './close-with-code-only.js';
import { defaultHost, defaultPort, type SocketPath, type TcpAddress } from './listen-address.js';
import { answerWithTestPage } from './test-page.js';

/** The service of an example server, or how to make it from the server it runs on (for one that broadcasts). */
export type ServiceOf<Context> = Service<Context> | ((server: WebSocketServer) => Service<Context>);

/** How an example server serves its service. */
export interface ServeOptions {
  /** The one path of the service (`/chat`): other paths get 404, and plain HTTP 426. By default every path reaches
   * the service, as on the Swift NIO servers, and plain HTTP gets the test page. */
  readonly path?: string;
  /** Answer a client's close frame with its code alone, as the Swift Time and Emojis servers do, rather than with its
   * code and reason. @default false */
  readonly closeWithCodeOnly?: boolean;
  /** Where the server logs handler failures and socket errors. @default silentLogger */
  readonly logger?: Logger;
  /** Answers plain HTTP requests (a web page of the service, say) instead of the test page or 426. */
  readonly http?: RequestListener;
  /** The broker of the server's topics (the Chat across processes on Redis). @default the in-memory broker */
  readonly topics?: TopicOptions;
}

/** A server listening on a TCP port. */
export interface RunningServer extends AsyncDisposable {
  /** Where a WebSocket client connects, e.g. `ws://127.0.0.1:8888`. */
  readonly url: string;
  /** The port it listens on, the one the system chose when asked for port 0. */
  readonly port: number;
  /** Says goodbye to every client (close 1001), stops listening, and resolves once nothing of it is left. */
  close(): Promise<void>;
}

/** A server listening on a unix-domain socket. */
export interface RunningSocketServer extends AsyncDisposable {
  /** The `ws+unix:` URL of the `ws` client. */
  readonly url: string;
  readonly path: string;
  close(): Promise<void>;
}

/** How long clients get to answer the server's close before they are cut off. */
const goodbyeTimeoutMs = 1_000;
/** Where a service that answers on every path is registered; every upgrade request is routed to it. */
const everyPath = '/';

/**
 * Serves `service` with `@aws/server-live` on an HTTP server that answers plain HTTP with the test page and, unless
 * `options.path` says otherwise, upgrades a WebSocket on any path.
 *
 * @example
 * ```ts
 * await using server = await serve({ connected: (connection) => void connection.send(Frame.text('hi')) }, { host: '127.0.0.1', port: 0 })
 * ```
 */
export async function serve<Context>(
  service: ServiceOf<Context>,
  address: TcpAddress = {},
  options: ServeOptions = {},
): Promise<RunningServer> {
  const { host = defaultHost, port = defaultPort } = address;
  const { http, close } = createWebSocketHttpServer(service, options);
  await listen(http, (done) => http.listen(port, host, done));
  const bound = (http.address() as AddressInfo).port;
  return { url: `ws://${formatHost(host)}:${bound}`, port: bound, close, [Symbol.asyncDispose]: close };
}

/** {@link serve} on a unix-domain socket. */
export async function serveOnSocketPath<Context>(
  service: ServiceOf<Context>,
  address: SocketPath,
  options: ServeOptions = {},
): Promise<RunningSocketServer> {
  const { http, close } = createWebSocketHttpServer(service, options);
  await listen(http, (done) => http.listen(address.path, done));
  return { url: `ws+unix:${address.path}`, path: address.path, close, [Symbol.asyncDispose]: close };
}

// The live server in noServer mode, handed the upgrades of an HTTP server of our own: that server serves the test
// page, listens on TCP or a unix socket, and routes every path to the one service when it has no path of its own.
function createWebSocketHttpServer<Context>(
  serviceOf: ServiceOf<Context>,
  options: ServeOptions,
): { http: Server; close: () => Promise<void> } {
  const live = createLiveServer({
    noServer: true,
    logger: options.logger ?? silentLogger,
    ...(options.topics === undefined ? {} : { topics: options.topics }),
  });
  const service = typeof serviceOf === 'function' ? serviceOf(live) : serviceOf;
  const codeOnly = options.closeWithCodeOnly === true ? new CloseWithCodeOnly() : undefined;
  live.register(options.path ?? everyPath, codeOnly === undefined ? service : answeringCloseWithCodeOnly(service, codeOnly));
  const http = createServer(options.http ?? (options.path === undefined ? answerWithTestPage : upgradeRequired));
  http.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
    if (options.path === undefined) routeToEveryPath(request);
    codeOnly?.tag(request, socket);
    live.handleUpgrade(request, socket, head);
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await live.close({ code: 1001, reason: 'server shutting down', timeout: goodbyeTimeoutMs });
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    })());
  return { http, close };
}

/** The service, watching each connection for the client's close frame from the moment it is open. */
function answeringCloseWithCodeOnly<Context>(service: Service<Context>, codeOnly: CloseWithCodeOnly): Service<Context> {
  return {
    ...service,
    connected(connection: ServerConnection<Context>) {
      codeOnly.watch(connection);
      return service.connected?.call(service, connection);
    },
  };
}

/** Every path leads to the one service, its query kept: `/websocket?x=1` is `/?x=1`. */
function routeToEveryPath(request: IncomingMessage): void {
  try {
    request.url = `${everyPath}${new URL(request.url ?? everyPath, 'ws://localhost').search}`;
  } catch {
    // Not a URL at all: the server answers it as it is.
  }
}

const upgradeRequired: RequestListener = (_request, response) =>
  void response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket', Connection: 'close' }).end('upgrade required');

async function listen(http: Server, start: (done: () => void) => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    start(() => {
      http.off('error', reject);
      resolve();
    });
  });
}

// An IPv6 literal needs brackets in a URL.
function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
