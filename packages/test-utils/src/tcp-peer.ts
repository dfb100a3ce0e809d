import { createServer, type Server, type Socket, type AddressInfo } from 'node:net';

/** A raw TCP peer on 127.0.0.1, port 0: the test decides byte by byte what the client sees. */
export interface TcpPeer extends AsyncDisposable {
  readonly port: number;
  readonly url: string;
  readonly server: Server;
  readonly sockets: Socket[];
  close(): Promise<void>;
}

/** Starts a raw TCP server on `port` (0: a free one); `onSocket` gets each accepted socket (by default it reads and
 * discards, never answers). */
export async function startTcpPeer(onSocket: (socket: Socket) => void = (socket) => void socket.resume(), port = 0): Promise<TcpPeer> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => {});
    sockets.push(socket);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port: address.port, url: `ws://127.0.0.1:${address.port}`, server, sockets, close, [Symbol.asyncDispose]: close };
}

/** Reads an HTTP request head off a raw socket and resolves with it. */
export function readRequestHead(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      resolve(head.slice(0, end));
    };
    socket.on('data', onData);
  });
}
