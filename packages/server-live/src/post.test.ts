import { ConnectionClosedError, Frame, InvalidFrameError, SendQueueFullError } from '@aws/client';
import type { ServerConnection, Service, WebSocketServer } from '@aws/server';
import { waitFor, within } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLiveServer } from './live-server.js';

// `post` is the server connection's `send` without a promise: in order with the sends, what a send rejects with at
// once thrown at once, and a full queue handled by the service's overflow policy as for a send.

const servers: WebSocketServer[] = [];
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  for (const server of servers.splice(0)) await server.close({ timeout: 500 });
});

async function serve(service: Service): Promise<string> {
  const server = createLiveServer();
  servers.push(server);
  server.register('/', service);
  return (await server.listen()).url;
}

async function open(url: string): Promise<{ ws: WebSocket; texts: string[] }> {
  const ws = new WebSocket(url);
  clients.push(ws);
  const texts: string[] = [];
  ws.on('message', (data) => texts.push(String(data)));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, texts };
}

/** The connection the service saw, once it is connected. */
function connectionOf(): { service: Service; connection: () => Promise<ServerConnection> } {
  let resolve!: (connection: ServerConnection) => void;
  const connected = new Promise<ServerConnection>((done) => (resolve = done));
  return { service: { connected: (connection) => resolve(connection) }, connection: () => within(connected, 5_000, 'the connection') };
}

describe('ServerConnection.post', () => {
  it('writes in the order of the sends around it, returning nothing', async () => {
    const { service, connection } = connectionOf();
    const { texts } = await open(await serve(service));
    const server = await connection();
    const first = server.send(Frame.text('s1'));
    expect(server.post(Frame.text('p1'))).toBeUndefined();
    for (let i = 0; i < 200; i += 1) server.post(Frame.text(`n${i}`));
    const last = server.send(Frame.text('s2'));
    await within(Promise.all([first, last]), 5_000, 'the sends');
    await waitFor(() => texts.length === 203, 5_000, 'every frame');
    expect(texts).toEqual(['s1', 'p1', ...Array.from({ length: 200 }, (_, i) => `n${i}`), 's2']);
  });

  it('throws what a send rejects with at once', async () => {
    const { service, connection } = connectionOf();
    const { ws } = await open(await serve(service));
    const server = await connection();
    expect(() => server.post({ type: 'close', code: 1000, reason: '' })).toThrow(InvalidFrameError);
    expect(() => server.post({ type: 'message', message: { type: 'text', text: 42 as unknown as string } })).toThrow(InvalidFrameError);
    expect(() => server.post(undefined as unknown as Frame)).toThrow(InvalidFrameError);
    expect(server.isOpen()).toBe(true);
    ws.close(1000);
    await within(server.closed, 5_000, 'the close');
    expect(() => server.post(Frame.text('late'))).toThrow(ConnectionClosedError);
  });

  it('throws SendQueueFullError once the queue of a client that does not read is full, and closes it under close', async () => {
    for (const overflow of ['reject', 'close'] as const) {
      const { service, connection } = connectionOf();
      const url = await serve({ ...service, options: { sendQueue: { overflow, messages: 4, bytes: 1 << 20 } } });
      const { ws } = await open(url);
      ws.pause();
      const server = await connection();
      const payload = 'x'.repeat(64 * 1024);
      let thrown: unknown;
      // Loopback's kernel buffers take a few MiB before the socket fills and the queue starts to count.
      for (let i = 0; i < 2_000 && thrown === undefined; i += 1) {
        try {
          server.post(Frame.text(payload));
        } catch (error) {
          thrown = error;
        }
        if (i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(thrown).toBeInstanceOf(SendQueueFullError);
      if (overflow === 'close') expect((await within(server.closed, 5_000, 'the slow client closed')).code).toBe(1008);
      else expect(server.isOpen()).toBe(true);
    }
  });
});
