import type { Service, WebSocketServer } from '@aws/server';
import { rawFrame, waitFor } from '@aws/test-utils';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveServer } from './live-server.js';

// A serial handler (each message's handler returns its send, so the next message waits for it) is the README's echo.
// Its sends of one turn share the turn's cork: what one read brought in goes back in a few system calls, not one per
// message, and every send still settles, in order, with what a socket holds that way bounded.

const servers: WebSocketServer[] = [];
const sockets: Socket[] = [];
const https: Server[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await server.close({ timeout: 500 });
  for (const http of https.splice(0)) await new Promise((resolve) => http.close(resolve));
});

interface Served {
  readonly port: number;
  /** The system-call writes of the server's side of each accepted TCP connection, handshake answer included. */
  readonly writes: () => number;
}

/** The live server on an `http` server whose accepted sockets count their writes (`_write` and `_writev` each end in
 * one system call). */
async function serve(service: Service): Promise<Served> {
  let writes = 0;
  const http = createServer();
  https.push(http);
  // Registered before the live server's own listener, so it sees each socket first.
  http.on('upgrade', (_request, socket: Socket) => {
    const write = socket._write.bind(socket);
    const writev = socket._writev?.bind(socket);
    socket._write = (...args) => {
      writes += 1;
      write(...args);
    };
    if (writev !== undefined)
      socket._writev = (...args) => {
        writes += 1;
        writev(...args);
      };
  });
  const server = createLiveServer({ server: http });
  servers.push(server);
  server.register('/', service);
  const { port } = await server.listen();
  return { port, writes: () => writes };
}

/** A raw TCP client through the handshake: what it writes goes to the server in exactly the chunks it writes. */
async function rawClient(port: number): Promise<{ socket: Socket; received: () => Buffer }> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let bytes = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => void (bytes = Buffer.concat([bytes, chunk])));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await waitFor(() => bytes.includes('\r\n\r\n'), 5_000, 'the handshake answer');
  expect(bytes.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
  const head = bytes.indexOf('\r\n\r\n') + 4;
  return { socket, received: () => bytes.subarray(head) };
}

/** The payloads of the unmasked text frames in `bytes` (short ones: a 7-bit length). */
function texts(bytes: Buffer): string[] {
  const found: string[] = [];
  for (let at = 0; at + 2 <= bytes.length; ) {
    const length = (bytes[at + 1] as number) & 0x7f;
    found.push(bytes.toString('utf8', at + 2, at + 2 + length));
    at += 2 + length;
  }
  return found;
}

describe('a serial echo', () => {
  it('writes what one read brought in back in a few system calls, in order, every send settled', async () => {
    let settled = 0;
    const served = await serve({
      received: async (message, connection) => {
        await connection.send({ type: 'message', message });
        settled += 1;
      },
    });
    const { socket, received } = await rawClient(served.port);
    const count = 200;
    const sent = Array.from({ length: count }, (_, i) => `message ${i}`);
    const before = served.writes();
    // One TCP write: on loopback the server reads it in one go.
    socket.write(Buffer.concat(sent.map((text) => rawFrame(0x1, text, { mask: true }))));
    await waitFor(() => settled === count, 5_000, 'every echo settled');
    await waitFor(() => texts(received()).length === count, 5_000, 'every echo back');
    expect(texts(received())).toEqual(sent);
    // One system call per message before the sends of a turn shared its cork; a read of 200 messages now takes 2.
    expect(served.writes() - before).toBeLessThanOrEqual(10);
  });

  it('stops settling sends to a client that does not read, holding no more than the socket bounds', async () => {
    let settled = 0;
    const text = 'x'.repeat(100);
    const served = await serve({
      received: async (_message, connection) => {
        // Far more than loopback's kernel buffers take: the sends must wait for the client from some point on.
        for (let i = 0; i < 200_000 && connection.isOpen(); i += 1) {
          await connection.send({ type: 'message', message: { type: 'text', text } });
          settled += 1;
        }
      },
    });
    const { socket } = await rawClient(served.port);
    socket.pause();
    socket.write(rawFrame(0x1, 'go', { mask: true }));
    await waitFor(() => settled > 0, 5_000, 'the first send');
    let last = -1;
    // Settled sends stop growing once the kernel's buffers are full: bounded by them, not by the loop.
    for (let round = 0; round < 50 && settled !== last; round += 1) {
      last = settled;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(settled).toBe(last);
    expect(settled).toBeLessThan(200_000);
  });
});
