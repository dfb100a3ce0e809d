import type { Message } from '@aws/client';
import type { ServerConnection, Service, WebSocketServer } from '@aws/server';
import { waitFor } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLiveServer } from './live-server.js';

// Receive backpressure on the server, as the client has it: a service that consumes slower than its client sends
// makes the server stop reading that socket once the receive buffer is full, so its memory stays bounded and the
// client's own buffers fill instead. Loopback's kernel buffers absorb a few MiB, so the client writes far more.
const chunk = 256 * 1024;
const count = 160; // 40 MiB in all
const receiveBuffer = { messages: 4, bytes: 1024 * 1024 };

const servers: WebSocketServer[] = [];
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  for (const server of servers.splice(0)) await server.close({ timeout: 500 });
});

async function serve(service: Service): Promise<string> {
  const server = createLiveServer();
  servers.push(server);
  server.register('/', { ...service, options: { receiveBuffer } });
  return (await server.listen()).url;
}

/** A raw `ws` client that writes `count` binary messages and counts those the kernel has taken. */
async function flood(url: string): Promise<{ readonly written: () => number }> {
  const ws = new WebSocket(url);
  clients.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let written = 0;
  for (let i = 0; i < count; i += 1) {
    const data = Buffer.alloc(chunk, i % 256);
    ws.send(data, () => (written += 1));
  }
  return { written: () => written };
}

/** A gate the slow handler waits on, opened by the test. */
function gate(): { readonly wait: Promise<void>; open(): void } {
  let open = (): void => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function expectPausedThenDrained(seen: () => number, written: () => number, release: () => void): Promise<void> {
  await waitFor(() => seen() >= 1, 5_000, 'the first message');
  // Long enough for an unpaused server to read all 40 MiB from loopback many times over.
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(written()).toBeLessThan(count);
  release();
  await waitFor(() => seen() === count, 20_000, 'every message once released');
  await waitFor(() => written() === count, 5_000, 'every write');
}

describe('receive backpressure on the server', () => {
  it('stops reading while an async received handler falls behind, and loses nothing', async () => {
    const { wait, open } = gate();
    const order: number[] = [];
    const url = await serve({
      async received(message: Message) {
        if (message.type === 'binary') order.push(message.data[0] as number);
        await wait;
      },
    });
    const { written } = await flood(url);
    await expectPausedThenDrained(() => order.length, written, open);
    expect(order).toEqual(Array.from({ length: count }, (_, i) => i % 256));
  });

  it('stops reading while a for await loop over the frames falls behind', async () => {
    const { wait, open } = gate();
    let seen = 0;
    const url = await serve({
      async connected(connection: ServerConnection) {
        for await (const frame of connection.frames) {
          if (frame.type !== 'message') continue;
          seen += 1;
          await wait;
        }
      },
    });
    const { written } = await flood(url);
    await expectPausedThenDrained(() => seen, written, open);
  });
});
