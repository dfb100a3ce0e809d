import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { defaultHost, defaultPort, type SocketPath, type TcpAddress } from './listen-address.js';
import { answerWithTestPage } from './test-page.js';

/** What a server does with each WebSocket once the upgrade is done. */
export type OnConnection = (socket: WebSocket, request: IncomingMessage) => void;

/** The `ws` options a server may set; where it listens is not one of them. */
export type SocketOptions = Omit<ServerOptions, 'host' | 'port' | 'path' | 'server' | 'noServer'>;

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
const goingAway = 1001;

/**
 * Starts an HTTP server that upgrades every request to a WebSocket handed to `onConnection`, on any path, and answers
 * plain HTTP with the test page.
 *
 * @example
 * ```ts
 * await using server = await serve((socket) => socket.send('hi'), { host: '127.0.0.1', port: 0 })
 * ```
 */
export async function serve(onConnection: OnConnection, address: TcpAddress = {}, options: SocketOptions = {}): Promise<RunningServer> {
  const { host = defaultHost, port = defaultPort } = address;
  const { http, close } = createWebSocketHttpServer(onConnection, options);
  await listen(http, (done) => http.listen(port, host, done));
  const bound = (http.address() as AddressInfo).port;
  return { url: `ws://${formatHost(host)}:${bound}`, port: bound, close, [Symbol.asyncDispose]: close };
}

/** {@link serve} on a unix-domain socket. */
export async function serveOnSocketPath(
  onConnection: OnConnection,
  address: SocketPath,
  options: SocketOptions = {},
): Promise<RunningSocketServer> {
  const { http, close } = createWebSocketHttpServer(onConnection, options);
  await listen(http, (done) => http.listen(address.path, done));
  return { url: `ws+unix:${address.path}`, path: address.path, close, [Symbol.asyncDispose]: close };
}

function createWebSocketHttpServer(onConnection: OnConnection, options: SocketOptions): { http: Server; close: () => Promise<void> } {
  const http = createServer(answerWithTestPage);
  const wss = new WebSocketServer({ ...options, server: http });
  wss.on('connection', (socket, request) => {
    // A peer that breaks the protocol makes `ws` emit 'error'; unheard, it would bring the whole server down.
    socket.on('error', (error) => console.error(`WebSocket error: ${error.message}`));
    onConnection(socket, request);
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= shutDown(http, wss));
  return { http, close };
}

async function listen(http: Server, start: (done: () => void) => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    start(() => {
      http.off('error', reject);
      resolve();
    });
  });
}

async function shutDown(http: Server, wss: WebSocketServer): Promise<void> {
  const clients = [...wss.clients];
  const allClosed = Promise.all(clients.map((client) => closed(client)));
  for (const client of clients) client.close(goingAway, 'server shutting down');
  const patience = new AbortController();
  await Promise.race([allClosed, sleep(goodbyeTimeoutMs, undefined, { signal: patience.signal }).catch(() => {})]);
  // Cancel the timer so that it does not outlive the server.
  patience.abort();
  for (const client of clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

function closed(socket: WebSocket): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

// An IPv6 literal needs brackets in a URL.
function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
