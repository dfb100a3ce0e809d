/**
 * The benchmark server, run in its own process so that it never competes with the client for the same event loop.
 * It speaks just enough WebSocket by hand (handshake, unmasking, close) to stay out of the measurement: the frames it
 * floods are built once and the same bytes are written to the TCP socket again and again.
 *
 * Routes, chosen by the request path:
 * - `/flood/<size>`: tick messages of `size` bytes as fast as the client reads them;
 * - `/paced/<size>/<rate>`: `rate` tick messages a second, never queueing more while the client is not reading;
 * - `/echo`: every data message sent back as it came;
 * - `/idle`: nothing.
 * Started with IPC: it sends `{ port }` once listening and exits when the parent goes away.
 */
import { createServer, type Socket } from 'node:net';
import { tickJson } from '../payload.js';
import { acceptKey, ClientFrameReader, Opcode, serverFrame } from './ws-frame.js';

const blockBytes = 256 * 1024;
const pacedTickMs = 10;

/** Frames of consecutive ticks, concatenated into one buffer of at least 256 KiB, so one write carries many. */
function tickBlock(size: number, count = Math.max(1, Math.ceil(blockBytes / size))): Buffer {
  const frames: Buffer[] = [];
  for (let seq = 1; seq <= count; seq += 1) frames.push(serverFrame(Opcode.text, Buffer.from(tickJson(seq, size))));
  return Buffer.concat(frames);
}

// Built once per size: every connection of a run writes the same bytes.
const blocks = new Map<string, Buffer>();
function cachedBlock(size: number, count?: number): Buffer {
  const key = `${size}/${count ?? ''}`;
  let block = blocks.get(key);
  if (block === undefined) blocks.set(key, (block = tickBlock(size, count)));
  return block;
}

/** Writes while the kernel takes it; 'drain' resumes, so the client's reading speed alone sets the pace. */
function flood(socket: Socket, size: number): () => void {
  const block = cachedBlock(size);
  let stopped = false;
  const pump = (): void => {
    while (!stopped && !socket.destroyed && socket.write(block));
  };
  socket.on('drain', pump);
  pump();
  return () => (stopped = true);
}

/** `rate` messages a second in ticks of 10 ms; a tick is skipped while earlier writes still wait in the buffer. */
function paced(socket: Socket, size: number, rate: number): () => void {
  const block = cachedBlock(size, Math.max(1, Math.round((rate * pacedTickMs) / 1000)));
  const timer = setInterval(() => {
    if (!socket.destroyed && !socket.writableNeedDrain) socket.write(block);
  }, pacedTickMs);
  return () => clearInterval(timer);
}

/** Answers the client's frames: echo on `/echo`, pong to pings, and the closing handshake everywhere. */
function answer(socket: Socket, echo: boolean, stop: () => void): void {
  const reader = new ClientFrameReader();
  socket.on('data', (chunk: Buffer) => {
    for (const { opcode, payload } of reader.push(chunk)) {
      if (opcode === Opcode.close) {
        stop();
        socket.end(serverFrame(Opcode.close, payload.subarray(0, 2)));
      } else if (opcode === Opcode.ping) {
        socket.write(serverFrame(Opcode.pong, payload));
      } else if (echo && (opcode === Opcode.text || opcode === Opcode.binary)) {
        socket.write(serverFrame(opcode, payload));
      }
    }
  });
}

function route(socket: Socket, path: string): void {
  const [, kind, first, second] = path.split('/');
  const size = Number(first);
  let stop = (): void => {};
  if (kind === 'flood') stop = flood(socket, size);
  else if (kind === 'paced') stop = paced(socket, size, Number(second));
  socket.on('close', () => stop());
  answer(socket, kind === 'echo', () => stop());
}

/** Reads the HTTP upgrade request, answers 101, then hands the socket to its route. */
function handshake(socket: Socket): void {
  let head = '';
  const onData = (chunk: Buffer): void => {
    head += chunk.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    socket.off('data', onData);
    const key = /^sec-websocket-key:\s*(\S+)/im.exec(head)?.[1] ?? '';
    const path = head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
    );
    route(socket, path);
  };
  socket.on('data', onData);
}

const server = createServer({ noDelay: true }, (socket) => {
  // A client that goes away mid-write is the normal end of a flood, not an error.
  socket.on('error', () => socket.destroy());
  handshake(socket);
});
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
