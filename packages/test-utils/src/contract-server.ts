import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** The far end of the contract suite: one `ws` server whose behaviour each test picks by path and by command. */
export interface ContractServer extends AsyncDisposable {
  /** `ws://127.0.0.1:port`, to which the suite appends its paths. */
  readonly base: string;
  /** A URL on which nothing listens: a refused connection. */
  readonly refusedUrl: string;
  /** `http://127.0.0.1:port`, where `serve` answers plain HTTP requests (a test page and its script). */
  readonly httpBase: string;
  close(): Promise<void>;
}

/** Answers a plain HTTP request (not an upgrade), or returns false for a 404. */
export type HttpHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

const numbered = (count: number): string[] => Array.from({ length: count }, (_, index) => `m${index + 1}`);

/**
 * Starts the server of the contract suite on 127.0.0.1 port 0. Paths:
 * - `/echo` echoes every message with its opcode; `?welcome=text` sends `text` at once. A text message starting with
 *   `!` is a command: `!close <code> <reason>`, `!drop` (destroy the TCP connection), `!bad-utf8` (a text frame that
 *   is not UTF-8), `!big <bytes>` (a binary message that large), `!ping` (a ping frame with payload `p`),
 *   `!burst <n>` (n numbered messages `m1`..`mn`), `!headers` (the handshake's headers as JSON).
 * - `/flaky?key=<k>&drops=<n>`: the first n connections with that key are welcomed with `attempt <i>` and dropped
 *   after 20 ms; later ones are welcomed the same and echo.
 * - `/slow?ms=<n>`: the upgrade is answered after n ms, then echoes.
 * - `/silent`: accepts, then never answers anything, pings included.
 * - `/protocols?pick=<p>`: chooses subprotocol `p` when offered, none otherwise; then echoes.
 * - `/refuse?status=<s>`: answers the upgrade with HTTP `s`.
 */
export async function startContractServer(serve: HttpHandler = () => false): Promise<ContractServer> {
  const attempts = new Map<string, number>();
  const echo = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols, request) => {
      const pick = new URL(request.url ?? '/', 'http://x').searchParams.get('pick');
      return pick !== null && protocols.has(pick) ? pick : false;
    },
  });
  const silent = new WebSocketServer({ noServer: true, autoPong: false });
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const http = createServer((request, response) => {
    if (!serve(request, response)) response.writeHead(404).end();
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => {});
    const url = new URL(request.url ?? '/', 'http://x');
    const query = url.searchParams;
    const upgrade = (server: WebSocketServer, then: (ws: WebSocket) => void): void =>
      server.handleUpgrade(request, socket, head, (ws) => {
        ws.on('error', () => {});
        then(ws);
      });
    switch (url.pathname) {
      case '/echo':
      case '/protocols':
        return upgrade(echo, (ws) => {
          const welcome = query.get('welcome');
          if (welcome !== null) ws.send(welcome);
          answer(ws, request);
        });
      case '/flaky': {
        const key = query.get('key') ?? '';
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        return upgrade(echo, (ws) => {
          ws.send(`attempt ${attempt}`);
          if (attempt <= Number(query.get('drops') ?? 0)) later(20, () => ws.terminate());
          else answer(ws, request);
        });
      }
      case '/slow':
        return later(Number(query.get('ms') ?? 0), () => {
          if (!socket.destroyed) upgrade(echo, (ws) => answer(ws, request));
        });
      case '/silent':
        return upgrade(silent, () => {});
      case '/refuse': {
        const status = Number(query.get('status') ?? 403);
        socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      default:
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const refused = createServer();
  await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
  const refusedPort = (refused.address() as AddressInfo).port;
  await new Promise<void>((resolve) => refused.close(() => resolve()));

  const close = async (): Promise<void> => {
    for (const timer of timers) clearTimeout(timer);
    for (const server of [echo, silent]) {
      for (const ws of server.clients) ws.terminate();
      server.close();
    }
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    base: `ws://127.0.0.1:${port}`,
    httpBase: `http://127.0.0.1:${port}`,
    refusedUrl: `ws://127.0.0.1:${refusedPort}/echo`,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Echoes, and runs the `!` commands. */
function answer(ws: WebSocket, request: IncomingMessage): void {
  ws.on('message', (data: Buffer, isBinary) => {
    const text = isBinary ? undefined : data.toString();
    if (text === undefined || !text.startsWith('!')) return ws.send(data, { binary: isBinary });
    const [command, ...args] = text.slice(1).split(' ');
    switch (command) {
      case 'close':
        return ws.close(Number(args[0]), args.slice(1).join(' '));
      case 'drop':
        return ws.terminate();
      case 'bad-utf8':
        return ws.send(Buffer.from([0xff, 0xfe]), { binary: false });
      case 'big':
        return ws.send(Buffer.alloc(Number(args[0])), { binary: true });
      case 'ping':
        return ws.ping('p');
      case 'burst':
        for (const message of numbered(Number(args[0]))) ws.send(message);
        return;
      case 'headers':
        return ws.send(JSON.stringify(request.headers));
      default:
        return ws.send(data, { binary: false });
    }
  });
}
