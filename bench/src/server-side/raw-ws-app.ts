/**
 * The baseline: `ws`'s `WebSocketServer`, written as its README does it. One server per path in `noServer` mode on
 * one `http` server (its "multiple servers sharing a single HTTP server" pattern), an echo in a 'message' listener,
 * and a broadcast that loops over `wss.clients` calling `send` on each open one. The text is made a Buffer once per
 * broadcast (a string would be converted again for every client), so this is `ws` at its best; `ws` still frames it
 * once per client.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { servedPaths, type ServerApp } from './app.js';

export async function startApp(): Promise<ServerApp> {
  const http = createServer();
  const byPath = new Map(servedPaths.map((path) => [path as string, new WebSocketServer({ noServer: true })]));
  for (const wss of byPath.values()) {
    wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary })));
  }
  http.on('upgrade', (request, socket, head) => {
    const wss = byPath.get(new URL(request.url ?? '/', 'ws://localhost').pathname);
    if (wss === undefined) return void socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const clientsOf = (path: string): Set<WebSocket> => byPath.get(path)?.clients ?? new Set();
  return {
    port: (http.address() as AddressInfo).port,
    broadcast(path, text) {
      const data = Buffer.from(text);
      let sent = 0;
      for (const client of clientsOf(path)) {
        if (client.readyState === WebSocket.OPEN) {
          client.send(data, { binary: false });
          sent += 1;
        }
      }
      return sent;
    },
    connections: (path) => clientsOf(path).size,
  };
}
