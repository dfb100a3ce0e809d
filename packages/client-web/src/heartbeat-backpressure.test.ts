import { Frame, ID, type ConnectionStatus, type Stream } from '@aws/client';
import { startServer, type TestServer } from '@aws/test-utils';
import { lastValueFrom } from 'rxjs';
import { WebSocket } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebClient } from './web-client.js';

// An application-level heartbeat together with a receive buffer that fills up, on a platform that cannot stop
// reading (undici's WebSocket, as a browser's without WebSocketStream). While the buffer is over its mark, what
// arrives is dropped ('drop') or the connection fails ('close'); the heartbeat must neither kill a live connection
// for a pong it dropped, nor stay blind once the application has caught up.
const heartbeat = { interval: 40, timeout: 80, ping: () => Frame.text('ping'), isPong: (frame: Frame) => textOf(frame) === 'pong' };

function textOf(frame: Frame): string | undefined {
  return frame.type === 'message' && frame.message.type === 'text' ? frame.message.text : undefined;
}

/** A server that answers `ping` with `pong` until `silence()`, and on `flood <ms>` sends 5 messages every
 * millisecond or so for that long. */
async function pingServer(): Promise<TestServer & { silence(): void }> {
  const state = { answering: true };
  const server = await startServer((socket) => {
    socket.on('message', (data) => {
      const text = data.toString();
      if (text === 'ping' && state.answering) socket.send('pong');
      if (!text.startsWith('flood ')) return;
      let sent = 0;
      const timer = setInterval(() => {
        for (let i = 0; i < 5; i += 1) socket.send(`m${sent++}`);
      }, 1);
      setTimeout(() => clearInterval(timer), Number(text.slice(6)));
      socket.once('close', () => clearInterval(timer));
    });
  });
  return Object.assign(server, { silence: () => (state.answering = false) });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The final status, or `'still open'` after `ms`. */
function endWithin(status: Stream<ConnectionStatus>, ms: number): Promise<ConnectionStatus | 'still open'> {
  return Promise.race([lastValueFrom(status), sleep(ms).then(() => 'still open' as const)]);
}

const clients: Array<ReturnType<typeof createWebClient>> = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.closeAll();
});

describe('heartbeat with a full receive buffer on the web', () => {
  it("'drop': a slow consumer keeps its live connection, and a peer that then goes silent is found dead", async () => {
    await using server = await pingServer();
    const client = createWebClient({ WebSocket, receiveOverflow: 'drop' });
    clients.push(client);
    const statuses: ConnectionStatus['type'][] = [];
    const connection = await client.connect({ id: ID(), url: server.url, heartbeat, receiveBuffer: { messages: 16 } });
    connection.status.subscribe((status) => statuses.push(status.type));
    const consumed: string[] = [];
    const until = Date.now() + 800;
    const consuming = (async () => {
      for await (const frame of connection.frames) {
        const text = textOf(frame);
        if (text?.startsWith('m')) {
          consumed.push(text);
          // Far slower than the flood: the buffer is over its mark, and pongs dropped, for many heartbeat timeouts.
          await sleep(5);
        }
        if (Date.now() > until) return;
      }
    })();
    await connection.send(Frame.text('flood 600'));
    await consuming;
    // Still connected, though pongs were dropped all along the flood.
    expect(connection.isConnected()).toBe(true);
    expect(statuses).not.toContain('didClose');
    // Messages were dropped (the flood was far more than was read), and what was kept came in order.
    const kept = consumed.map((text) => Number(text.slice(1)));
    expect(kept.length).toBeGreaterThan(16);
    expect(kept.at(-1)).toBeGreaterThan(kept.length);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    // Caught up, the heartbeat judges again: a silent peer is found within a few intervals.
    const silentSince = Date.now();
    server.silence();
    expect(await endWithin(connection.status, 2_000)).toMatchObject({ type: 'didClose', code: 1006 });
    expect(Date.now() - silentSince).toBeLessThan(2_000);
  });

  it("'drop': with the buffer full and nobody reading, the heartbeat still hears its answers, and their silence", async () => {
    await using server = await pingServer();
    const client = createWebClient({ WebSocket, receiveOverflow: 'drop' });
    clients.push(client);
    const connection = await client.connect({ id: ID(), url: server.url, heartbeat, receiveBuffer: { messages: 16 } });
    // Nobody subscribes: the flood fills the backlog past its mark at once, and what comes after it is dropped.
    await connection.send(Frame.text('flood 300'));
    await sleep(500);
    // Many heartbeat timeouts later, its answers dropped for the application but heard: still connected.
    expect(connection.isConnected()).toBe(true);
    const silentSince = Date.now();
    server.silence();
    // The socket reads on while dropping, so a peer gone silent is found as on a connection that keeps up.
    expect(await endWithin(connection.status, 2_000)).toMatchObject({ type: 'didClose', code: 1006 });
    expect(Date.now() - silentSince).toBeLessThan(2_000);
  });

  it("'close': the overflow fails the connection with 1008, not with a heartbeat timeout", async () => {
    await using server = await pingServer();
    const client = createWebClient({ WebSocket, receiveOverflow: 'close' });
    clients.push(client);
    const connection = await client.connect({ id: ID(), url: server.url, heartbeat, receiveBuffer: { messages: 16 } });
    const iterator = connection.frames[Symbol.asyncIterator]();
    await connection.send(Frame.text('flood 50'));
    // Nobody reads: the buffer fills at once.
    const final = await lastValueFrom(connection.status);
    expect(final).toMatchObject({ type: 'didClose', code: 1008 });
    await iterator.return?.();
  });
});
