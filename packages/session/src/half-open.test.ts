import { Frame, ID, type Message } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectSession, type SessionStatus } from './client-session.js';
import type { ServerSession } from './server-session.js';
import { sessionService } from './session-service.js';

/**
 * A TCP proxy on 127.0.0.1 that can freeze the connections it carries: bytes are swallowed both ways and nothing is
 * closed, the network going silent under both ends (a half-open connection). A frozen pair's server leg stays open
 * when its client leg ends, as the server would see it.
 */
async function startFreezingProxy(port: number): Promise<{ url: string; freeze: () => void; close: () => Promise<void> }> {
  const pairs: Array<{ client: Socket; upstream: Socket; frozen: boolean }> = [];
  const server: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    const pair = { client, upstream, frozen: false };
    pairs.push(pair);
    client.on('data', (data) => void (pair.frozen || upstream.write(data)));
    upstream.on('data', (data) => void (pair.frozen || client.write(data)));
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('close', () => void (pair.frozen || upstream.destroy()));
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}`,
    freeze: () => {
      for (const pair of pairs) pair.frozen = true;
    },
    close: async () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const text = (message: Message): string => (message.type === 'text' ? message.text : 'binary');

describe('a client-side network drop (half-open: the server still holds the old socket)', () => {
  it('the client notices by its heartbeat, resumes, the server drops the old socket, nothing is lost', async () => {
    const baseline = activeHandles();
    const server = createLiveServer();
    const received: string[] = [];
    const events: string[] = [];
    let live: ServerSession | undefined;
    const service = sessionService({
      connected: (session) => void (live = session),
      received: (message) => void received.push(text(message)),
      suspended: () => void events.push('suspended'),
      resumed: () => void events.push('resumed'),
    });
    server.register('/s', service);
    const { port } = await server.listen({ host: '127.0.0.1', port: 0 });
    const proxy = await startFreezingProxy(port);
    const client = createLiveClient();
    const session = await connectSession(client, {
      id: ID(),
      url: `${proxy.url}/s`,
      heartbeat: { interval: 100, timeout: 100 },
      reconnect: { minDelay: 10, maxDelay: 30 },
    });
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    const got: string[] = [];
    session.frames.subscribe((frame) => frame.type === 'message' && got.push(text(frame.message)));
    const old = (live as ServerSession).connection;
    proxy.freeze();
    // Both written into the silent network, and swallowed there.
    const fromClient = session.send(Frame.text('sent into the void'));
    const fromServer = (live as ServerSession).send(Frame.text('sent back into the void'));
    await within(Promise.all([fromClient, fromServer]), 3_000, 'both sends, after the resumption');
    expect(received).toEqual(['sent into the void']);
    expect(got).toEqual(['sent back into the void']);
    expect(statuses.map((s) => s.type)).toEqual(expect.arrayContaining(['reconnecting', 'resumed']));
    expect(events).toEqual(['resumed']);
    await waitFor(() => old?.isOpen() === false, 2_000, 'the old socket to be dropped');
    expect(await old?.closed).toMatchObject({ code: 1006 });
    expect((live as ServerSession).connection).not.toBe(old);
    await session.close();
    await client.closeAll();
    service[Symbol.dispose]();
    await server.close();
    await proxy.close();
    expect(await settledHandles(baseline)).toEqual({});
  });
});
