import { Frame, ID, type CloseInfo } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import type { ServerConnection, Service, WebSocketServer } from '@aws/server';
import { waitFor, within } from '@aws/test-utils';
import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveServer } from './live-server.js';

// Services calling back into the server from inside their own handlers: each ends as it says, exactly once, and
// nothing escapes (vitest fails on an unhandled rejection).
const client = createLiveClient();
const servers: WebSocketServer[] = [];
afterEach(async () => {
  await client.closeAll();
  for (const server of servers.splice(0)) await server.close({ timeout: 500 });
});

async function run(service: (server: WebSocketServer) => Service, send?: string): Promise<{ client: unknown; server: CloseInfo[] }> {
  const server = createLiveServer();
  servers.push(server);
  const disconnects: CloseInfo[] = [];
  const inner = service(server);
  server.register('/r', {
    ...inner,
    disconnected: (connection, close) => {
      disconnects.push(close);
      return inner.disconnected?.(connection, close);
    },
  });
  const { url } = await server.listen();
  const connection = await client.connect({ id: ID(), url: `${url}/r` });
  const ended = lastValueFrom(connection.status);
  if (send !== undefined) await connection.send(Frame.text(send)).catch(() => undefined);
  const last = await within(ended, 3_000, 'the client status');
  await waitFor(() => disconnects.length > 0, 2_000, 'disconnected');
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { client: last, server: disconnects };
}

describe('re-entrancy on the server', () => {
  it('close from inside connected', async () => {
    const { client: last, server } = await run(() => ({ connected: (c) => void c.close(4000, 'go') }));
    expect(last).toMatchObject({ type: 'didClose', code: 4000 });
    expect(server).toEqual([{ code: 4000, reason: 'go' }]);
  });

  it('drop from inside received, then a send on the dropped connection rejects typed', async () => {
    let late: unknown;
    const { client: last, server } = await run(
      () => ({
        received: async (_m, c) => {
          await c.drop();
          late = await c.send(Frame.text('too late')).catch((error: unknown) => error);
        },
      }),
      'hi',
    );
    expect(last).toMatchObject({ type: 'didClose', code: 1006 });
    expect(server).toEqual([{ code: 1006, reason: '' }]);
    expect(late).toMatchObject({ _tag: 'ConnectionClosedError' });
  });

  it('publish and broadcast from inside disconnected skip the ended connection', async () => {
    let result: unknown;
    const { server } = await run((host) => ({
      connected: (c) => {
        c.subscribe('t');
        void c.close();
      },
      disconnected: (c: ServerConnection) => {
        result = {
          publish: host.publish('t', Frame.text('x')),
          broadcast: host.broadcast('/r', Frame.text('y'), { except: c }),
          topics: c.topics.size,
        };
      },
    }));
    expect(server).toHaveLength(1);
    expect(result).toEqual({
      publish: { delivered: 0, skipped: [], closed: [] },
      broadcast: { delivered: 0, skipped: [], closed: [] },
      topics: 0,
    });
  });

  it('closing the whole server from inside a handler ends every connection with 1001', async () => {
    const { client: last, server } = await run((host) => ({ received: () => void host.close({ timeout: 500 }) }), 'stop');
    expect(last).toMatchObject({ type: 'didClose', code: 1001 });
    expect(server).toEqual([{ code: 1001, reason: 'server shutting down' }]);
  });

  it('unregistering its own path from inside connected keeps the connection open; new ones get 404', async () => {
    const server = createLiveServer();
    servers.push(server);
    server.register('/u', { connected: () => server.unregister('/u'), received: (m, c) => c.send({ type: 'message', message: m }) });
    const { url } = await server.listen();
    await using connection = await client.connect({ id: ID(), url: `${url}/u` });
    await waitFor(() => server.connections('/u').length === 1, 2_000, 'connected');
    expect(await client.connect({ id: ID(), url: `${url}/u` }).catch((error: { status?: number }) => error.status)).toBe(404);
    expect(connection.isConnected()).toBe(true);
  });
});

describe('service options outside their domain', () => {
  it.each([
    ['connectionTimeout', { connectionTimeout: -1 }],
    ['readTimeout', { readTimeout: Number.NaN }],
    ['maxMessageSize', { maxMessageSize: 0 }],
    ['closeTimeout', { closeTimeout: -5 }],
    ['sendQueue.overflow', { sendQueue: { overflow: 'never' as never } }],
    ['sendQueue.messages', { sendQueue: { messages: 0 } }],
    ['compression.serverMaxWindowBits', { compression: { serverMaxWindowBits: 20 } }],
  ])('%s is refused at register with InvalidSettingsError naming it', (setting, options) => {
    const server = createLiveServer();
    servers.push(server);
    expect(() => server.register('/x', { options })).toThrow(expect.objectContaining({ _tag: 'InvalidSettingsError', setting }));
    expect(server.connections()).toEqual([]);
  });
});
