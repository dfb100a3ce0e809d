import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket, type ServerOptions } from 'ws';

/** A real `ws` server on 127.0.0.1, on a free port, that closes everything it opened when disposed. */
export interface TestServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  readonly wss: WebSocketServer;
  readonly http: HttpServer;
  /** Sockets connected so far, in order, with the upgrade request that opened each. */
  readonly sockets: Array<{ socket: WebSocket; request: IncomingMessage }>;
  /** Resolves with the next socket that connects (or the n-th one, counting from 0). */
  nextSocket(): Promise<WebSocket>;
  close(): Promise<void>;
}

export type OnConnection = (socket: WebSocket, request: IncomingMessage) => void;

/**
 * Starts a `ws` server on 127.0.0.1 port 0. `onConnection` runs for each upgraded socket.
 * `options` are `ws` server options (e.g. `handleProtocols`, `maxPayload`, `autoPong`).
 */
export async function startServer(
  onConnection: OnConnection = () => {},
  options: Omit<ServerOptions, 'port' | 'server' | 'noServer'> = {},
  port = 0,
): Promise<TestServer> {
  const http = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ ...options, server: http });
  const sockets: TestServer['sockets'] = [];
  const waiters: Array<(socket: WebSocket) => void> = [];
  wss.on('connection', (socket, request) => {
    socket.on('error', () => {});
    sockets.push({ socket, request });
    waiters.shift()?.(socket);
    onConnection(socket, request);
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const address = http.address() as AddressInfo;
  const close = async (): Promise<void> => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    url: `ws://127.0.0.1:${address.port}`,
    port: address.port,
    wss,
    http,
    sockets,
    nextSocket: () => new Promise((resolve) => waiters.push(resolve)),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A server that echoes every message with its opcode, and lets `ws` answer pings. `port` 0 picks a free one; a
 * given port lets a test restart a server where a client expects it. */
export function startEchoServer(options: Omit<ServerOptions, 'port' | 'server' | 'noServer'> = {}, port = 0): Promise<TestServer> {
  return startServer(
    (socket) => {
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    },
    options,
    port,
  );
}
