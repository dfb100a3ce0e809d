import { Frame, HandshakeFailedError, ID, type CloseInfo, type ConnectionStatus } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { accept, refuse, type ServerConnection, type Service, type WebSocketServer } from '@aws/server';
import { activeHandles, settledHandles, waitFor } from '@aws/test-utils';
import { request as httpRequest } from 'node:http';
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLiveServer } from './live-server.js';

const client = createLiveClient();
const servers: WebSocketServer[] = [];
afterEach(async () => {
  await client.closeAll();
  for (const server of servers.splice(0)) await server.close({ timeout: 500 });
});

async function serve(services: Record<string, Service>): Promise<{ server: WebSocketServer; url: string }> {
  const server = createLiveServer();
  servers.push(server);
  for (const [path, service] of Object.entries(services)) server.register(path, service);
  const { url } = await server.listen();
  return { server, url };
}

const echo: Service = { received: (message, connection) => connection.send({ type: 'message', message }) };

/** A raw `ws` client, for what our own client never does (a close without code, a drop, not reading). */
function rawClient(url: string, protocols: string[] = [], options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const closeOf = (ws: WebSocket): Promise<CloseInfo> =>
  new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

/** Sends a raw HTTP upgrade request and returns the status and body of the answer. */
function rawUpgrade(
  url: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url.replace('ws:', 'http:'), { method, headers });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: '', headers: response.headers });
    });
    request.on('error', reject);
    request.end();
  });
}

const goodHandshake = {
  connection: 'Upgrade',
  upgrade: 'websocket',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'sec-websocket-version': '13',
};

describe('services on paths', () => {
  it('echoes through a registered service, with the project client', async () => {
    const { url } = await serve({ '/echo': echo });
    await using connection = await client.connect({ id: ID(), url: `${url}/echo` });
    const answer = firstValueFrom(connection.frames.pipe(filter((frame) => frame.type === 'message')));
    await connection.send(Frame.text('hello'));
    expect(await answer).toEqual(Frame.text('hello'));
  });

  it('answers 404 for a path with no service, and after unregister', async () => {
    const { server, url } = await serve({ '/echo': echo });
    const unknown = await client.connect({ id: ID(), url: `${url}/nothing` }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(HandshakeFailedError);
    expect((unknown as HandshakeFailedError).status).toBe(404);
    server.unregister('/echo');
    const gone = await client.connect({ id: ID(), url: `${url}/echo` }).catch((error: unknown) => error);
    expect((gone as HandshakeFailedError).status).toBe(404);
  });

  it('refuses with the status, headers and body the service chose, and never calls connected', async () => {
    let connected = 0;
    const { url } = await serve({
      '/private': {
        upgrade: (request) =>
          request.headers.authorization === 'Bearer ok'
            ? accept('ada')
            : refuse(401, { headers: { 'www-authenticate': 'Bearer' }, body: 'token needed' }),
        connected: () => void (connected += 1),
      },
    });
    const answer = await rawUpgrade(`${url}/private`, goodHandshake);
    expect(answer).toMatchObject({ status: 401, body: 'token needed', headers: { 'www-authenticate': 'Bearer' } });
    expect(connected).toBe(0);
    await using connection = await client.connect({ id: ID(), url: `${url}/private`, headers: { authorization: 'Bearer ok' } });
    expect(connection.isConnected()).toBe(true);
  });

  it('a 429 with Retry-After is honoured by the client reconnection', async () => {
    let attempts = 0;
    const { url } = await serve({
      '/busy': { upgrade: () => (++attempts === 1 ? refuse(429, { headers: { 'retry-after': '0' } }) : accept(undefined)) },
    });
    const id = ID();
    const statuses: ConnectionStatus[] = [];
    client.open({ id, url: `${url}/busy`, reconnect: { minDelay: 5_000 } }).subscribe((status) => statuses.push(status));
    await waitFor(() => client.isConnected(id), 3_000, 'connected after the 429');
    const retry = statuses.find((status) => status.type === 'reconnecting');
    // Retry-After: 0 overrides a 5 s backoff window.
    expect(retry).toMatchObject({ type: 'reconnecting', delay: 0 });
  });

  it('passes the upgrade context and the request to the connection', async () => {
    const seen: Array<ServerConnection<{ user: string }>> = [];
    const service: Service<{ user: string }> = {
      upgrade: async (request) => accept({ user: request.query.get('user') ?? '' }),
      connected: (connection) => void seen.push(connection),
    };
    const { server, url } = await serve({});
    server.register('/me', service);
    await using _connection = await client.connect({ id: ID(), url: `${url}/me?user=ada`, headers: { 'x-trace': '7' } });
    await waitFor(() => seen.length === 1, 2_000, 'connected');
    expect(seen[0]?.context).toEqual({ user: 'ada' });
    expect(seen[0]?.path).toBe('/me');
    expect(seen[0]?.query.get('user')).toBe('ada');
    expect(seen[0]?.topics.size).toBe(0);
    expect(seen[0]?.headers['x-trace']).toBe('7');
    expect(seen[0]?.remoteAddress).toBe('127.0.0.1');
  });
});

describe('subprotocols, per service', () => {
  it('echoes the protocol the service chose among those offered', async () => {
    const { url } = await serve({
      '/chat': { upgrade: (request) => accept(undefined, { protocol: request.protocols.includes('chat.v2') ? 'chat.v2' : 'chat.v1' }) },
    });
    await using connection = await client.connect({ id: ID(), url: `${url}/chat`, protocols: ['chat.v1', 'chat.v2'] });
    expect(connection.protocol).toBe('chat.v2');
  });

  it("never falls back to the first offered protocol: no choice fails the client's handshake", async () => {
    const { url } = await serve({ '/plain': {} });
    const error = await client.connect({ id: ID(), url: `${url}/plain`, protocols: ['chat.v1'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandshakeFailedError);
  });

  it('a choice the client did not offer is a server error (500), not an echo of it', async () => {
    const { url } = await serve({ '/wrong': { upgrade: () => accept(undefined, { protocol: 'other' }) } });
    const error = await client.connect({ id: ID(), url: `${url}/wrong`, protocols: ['chat.v1'] }).catch((e: unknown) => e);
    expect((error as HandshakeFailedError).status).toBe(500);
  });
});

describe('disconnected: exactly once, with the code of how it ended', () => {
  async function disconnectOf(act: (url: string, connected: Promise<ServerConnection>) => Promise<void>): Promise<CloseInfo[]> {
    const closes: CloseInfo[] = [];
    let resolveConnected!: (connection: ServerConnection) => void;
    const connected = new Promise<ServerConnection>((resolve) => (resolveConnected = resolve));
    const { url } = await serve({
      '/s': { connected: (connection) => resolveConnected(connection), disconnected: (_connection, close) => void closes.push(close) },
    });
    await act(`${url}/s`, connected);
    await waitFor(() => closes.length > 0, 3_000, 'disconnected');
    await new Promise((resolve) => setTimeout(resolve, 20));
    return closes;
  }

  it('the client closes with a code and reason', async () => {
    const closes = await disconnectOf(async (url) => {
      const connection = await client.connect({ id: ID(), url });
      await connection.close(4001, 'bye');
    });
    expect(closes).toEqual([{ code: 4001, reason: 'bye' }]);
  });

  it('a close frame without code is 1005', async () => {
    const closes = await disconnectOf(async (url) => {
      const ws = await rawClient(url);
      ws.close();
      await closeOf(ws);
    });
    expect(closes).toEqual([{ code: 1005, reason: '' }]);
  });

  it('a client that drops is 1006', async () => {
    const closes = await disconnectOf(async (url) => (await rawClient(url)).terminate());
    expect(closes).toEqual([{ code: 1006, reason: '' }]);
  });

  it('server close: the closing handshake, with the code the client sees', async () => {
    let seen: CloseInfo | undefined;
    const closes = await disconnectOf(async (url, connected) => {
      const connection = await client.connect({ id: ID(), url });
      const ended = lastValueFrom(connection.status);
      await (await connected).close(4000, 'done');
      seen = (await ended) as unknown as CloseInfo;
    });
    expect(seen).toMatchObject({ type: 'didClose', code: 4000, reason: 'done' });
    expect(closes).toEqual([{ code: 4000, reason: 'done' }]);
  });

  it('server drop: nothing on the wire, 1006 on both sides', async () => {
    let seen: unknown;
    const closes = await disconnectOf(async (url, connected) => {
      const connection = await client.connect({ id: ID(), url });
      const ended = lastValueFrom(connection.status);
      expect(await (await connected).drop()).toEqual({ code: 1006, reason: '' });
      seen = await ended;
    });
    expect(seen).toMatchObject({ type: 'didClose', code: 1006 });
    expect(closes).toEqual([{ code: 1006, reason: '' }]);
  });
});

describe('timers and limits', () => {
  it('connectionTimeout drops a client that stops answering pings (1006)', async () => {
    const closes: CloseInfo[] = [];
    const { url } = await serve({ '/t': { options: { connectionTimeout: 100 }, disconnected: (_c, close) => void closes.push(close) } });
    const ws = await rawClient(`${url}/t`, [], { autoPong: false });
    const ended = closeOf(ws);
    expect((await ended).code).toBe(1006);
    await waitFor(() => closes.length === 1, 2_000, 'disconnected');
    expect(closes[0]?.code).toBe(1006);
  });

  it('connectionTimeout keeps a client that answers', async () => {
    const { server, url } = await serve({ '/t': { options: { connectionTimeout: 60 } } });
    await using connection = await client.connect({ id: ID(), url: `${url}/t` });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(connection.isConnected()).toBe(true);
    expect(server.connections('/t')).toHaveLength(1);
  });

  it('readTimeout closes a silent connection with 1001', async () => {
    const { url } = await serve({ '/r': { options: { readTimeout: 80 } } });
    const connection = await client.connect({ id: ID(), url: `${url}/r` });
    expect(await lastValueFrom(connection.status)).toMatchObject({ type: 'didClose', code: 1001, reason: 'read timeout' });
  });

  it("overflow 'close' closes a client that does not read with 1008, and the queue stays bounded", async () => {
    let serverSide: ServerConnection | undefined;
    const { url } = await serve({
      '/flood': {
        options: { sendQueue: { messages: 16, bytes: 1 << 20, overflow: 'close', highWaterMark: 64 * 1024 } },
        connected: (c) => void (serverSide = c),
      },
    });
    const ws = await rawClient(`${url}/flood`);
    ws.pause();
    await waitFor(() => serverSide !== undefined, 2_000, 'connected');
    const big = Frame.binary(new Uint8Array(64 * 1024));
    const outcomes: string[] = [];
    for (let i = 0; i < 2_000 && serverSide?.isOpen() === true; i += 1) {
      outcomes.push(
        await Promise.race([
          serverSide.send(big).then(
            () => 'written',
            (e: Error) => e.name,
          ),
          new Promise<string>((resolve) => setImmediate(() => resolve('pending'))),
        ]),
      );
    }
    expect(outcomes).toContain('SendQueueFullError');
    expect(await serverSide?.closed).toMatchObject({ code: 1008 });
    ws.terminate();
  });
});

describe('a client that does not read, under the other send policies', () => {
  // The queue holds at most 16 messages past the socket's high-water mark; the rest is refused (reject) or pushes the
  // oldest queued ones out (dropOldest). Either way every send settles, and what the client gets once it reads again
  // is exactly what the outcomes say was written, in order.
  it.each([
    ['reject', 'SendQueueFullError'],
    ['dropOldest', 'MessageDroppedError'],
  ] as const)(
    "overflow '%s': every send settles, the refused ones with %s, and the client gets the rest in order",
    async (overflow, refusal) => {
      let serverSide: ServerConnection | undefined;
      const { url } = await serve({
        '/slow': {
          options: { sendQueue: { messages: 16, bytes: 1 << 20, overflow, highWaterMark: 64 * 1024 } },
          connected: (c) => void (serverSide = c),
        },
      });
      const ws = await rawClient(`${url}/slow`);
      const received: number[] = [];
      ws.on('message', (data: Buffer) => received.push(data.readUInt32BE(0)));
      ws.pause();
      await waitFor(() => serverSide !== undefined, 2_000, 'connected');
      const outcomes = new Map<number, string>();
      const sends: Promise<void>[] = [];
      for (let i = 0; i < 1_500; i += 1) {
        const data = new Uint8Array(16 * 1024);
        new DataView(data.buffer).setUint32(0, i);
        sends.push(
          (serverSide as ServerConnection).send(Frame.binary(data)).then(
            () => void outcomes.set(i, 'written'),
            (e: Error) => void outcomes.set(i, e.name),
          ),
        );
        // Let the socket take what it can between sends, as a server's event loop would.
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const refusedWhilePaused = [...outcomes.values()].filter((outcome) => outcome === refusal).length;
      expect(refusedWhilePaused).toBeGreaterThan(0);
      ws.resume();
      await Promise.all(sends);
      const written = [...outcomes].filter(([, outcome]) => outcome === 'written').map(([i]) => i);
      expect(outcomes.size).toBe(1_500);
      expect(new Set(outcomes.values())).toEqual(new Set(['written', refusal]));
      await waitFor(() => received.length === written.length, 10_000, 'every written message');
      expect(received).toEqual(written);
      if (overflow === 'dropOldest') expect(written.at(-1)).toBe(1_499);
      expect(serverSide?.isOpen()).toBe(true);
      ws.terminate();
    },
  );
});

describe('handlers that fail', () => {
  it('a throwing received handler closes that connection with 1011; the others carry on', async () => {
    const { url } = await serve({
      '/boom': {
        received: (message, connection) => {
          if (message.type === 'text' && message.text === 'boom') throw new Error('handler bug');
          return connection.send({ type: 'message', message });
        },
      },
    });
    const bad = await client.connect({ id: ID(), url: `${url}/boom` });
    await using good = await client.connect({ id: ID(), url: `${url}/boom` });
    const badEnd = lastValueFrom(bad.status);
    await bad.send(Frame.text('boom'));
    expect(await badEnd).toMatchObject({ type: 'didClose', code: 1011 });
    const echoed = firstValueFrom(good.frames.pipe(filter((frame) => frame.type === 'message')));
    await good.send(Frame.text('still here'));
    expect(await echoed).toEqual(Frame.text('still here'));
  });

  it('keeps the frames a client sends at once while an async connected handler runs', async () => {
    const texts: string[] = [];
    const { url } = await serve({
      '/slow': {
        connected: () => new Promise<void>((resolve) => setTimeout(resolve, 50)),
        received: (message) => void (message.type === 'text' && texts.push(message.text)),
      },
    });
    const ws = await rawClient(`${url}/slow`);
    ws.send('first');
    ws.send('second');
    await waitFor(() => texts.length === 2, 2_000, 'both messages');
    expect(texts).toEqual(['first', 'second']);
    ws.close();
  });
});

describe('topics and broadcast', () => {
  it('publish reaches the subscribers but the sender, says how many, and a closed connection leaves its topics', async () => {
    const connections: ServerConnection[] = [];
    const { server, url } = await serve({
      '/room': {
        connected: (connection) => {
          connections.push(connection);
          connection.subscribe('lobby');
        },
      },
    });
    const clients = await Promise.all([0, 1, 2].map(() => client.connect({ id: ID(), url: `${url}/room` })));
    await waitFor(() => connections.length === 3, 2_000, 'three connected');
    const received = clients.slice(1).map((connection) => firstValueFrom(connection.frames.pipe(filter((f) => f.type === 'message'))));
    const result = server.publish('lobby', Frame.text('hi all'), { except: connections[0] as ServerConnection });
    expect(result).toEqual({ delivered: 2, skipped: [], closed: [] });
    expect(await Promise.all(received)).toEqual([Frame.text('hi all'), Frame.text('hi all')]);
    await clients[2]?.close();
    await waitFor(() => server.connections('/room').length === 2, 2_000, 'one left');
    expect(server.publish('lobby', Frame.text('again')).delivered).toBe(2);
    expect(server.broadcast('/room', Frame.text('to the path')).delivered).toBe(2);
    for (const connection of clients) await connection.close().catch(() => undefined);
  });
});

describe('bad handshakes get the RFC answer and never reach a service', () => {
  it.each([
    ['POST', 405, { ...goodHandshake }, 'POST'],
    ['no Upgrade header (a plain request)', 426, { 'sec-websocket-version': '13' }, 'GET'],
    ['a wrong Upgrade header', 400, { ...goodHandshake, upgrade: 'h2c' }, 'GET'],
    ['a bad key', 400, { ...goodHandshake, 'sec-websocket-key': 'short' }, 'GET'],
    ['version 12', 426, { ...goodHandshake, 'sec-websocket-version': '12' }, 'GET'],
    ['an empty subprotocol', 400, { ...goodHandshake, 'sec-websocket-protocol': 'a,,b' }, 'GET'],
  ])('%s → %i', async (_name, status, headers, method) => {
    let upgrades = 0;
    const { url } = await serve({
      '/s': {
        upgrade: () => {
          upgrades += 1;
          return accept(undefined);
        },
      },
    });
    expect((await rawUpgrade(`${url}/s`, headers as Record<string, string>, method)).status).toBe(status);
    expect(upgrades).toBe(0);
  });
});

describe('hostile handshakes from faults.md §5 A: the right answer, no connected, no crash', () => {
  it('an extension offer named __proto__ is ignored, and the connection works without it', async () => {
    const { url } = await serve({ '/s': echo });
    const answer = await rawUpgrade(`${url}/s`, {
      ...goodHandshake,
      'sec-websocket-extensions': '__proto__; constructor=1, permessage-deflate',
    });
    expect(answer.status).toBe(101);
    expect(answer.headers['sec-websocket-extensions']).toBeUndefined();
  });

  it('a huge Sec-WebSocket-Protocol header (50,000 names) is answered at once, without choosing any', async () => {
    let offered = 0;
    const { url } = await serve({
      '/s': {
        upgrade: (request) => {
          offered = request.protocols.length;
          return accept(undefined);
        },
      },
    });
    const names = Array.from({ length: 50_000 }, (_, i) => `p${i}`).join(',');
    const started = Date.now();
    const answer = await rawUpgrade(`${url}/s`, { ...goodHandshake, 'sec-websocket-protocol': names }).catch((error: Error) => ({
      status: -1,
      body: error.message,
      headers: {},
    }));
    // Node refuses a header section that large (431) before any service sees it; what matters is a prompt answer.
    expect([101, 431, -1]).toContain(answer.status);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(offered === 0 || offered === 50_000).toBe(true);
  });

  it('2,000 headers before Upgrade (CVE-2024-37890): an HTTP error, no service sees it, the process stays up', async () => {
    let upgrades = 0;
    const { url } = await serve({
      '/s': {
        upgrade: () => {
          upgrades += 1;
          return accept(undefined);
        },
      },
    });
    // Node keeps the first 2,000 headers only, so the handshake's own headers, sent after them, are lost.
    const many: Record<string, string> = {};
    for (let i = 0; i < 2_000; i += 1) many[`h${i}`] = 'v';
    const answer = await rawUpgrade(`${url}/s`, { ...many, ...goodHandshake }).catch((error: Error) => ({
      status: -1,
      body: error.message,
      headers: {},
    }));
    expect([400, 426, 431, -1]).toContain(answer.status);
    expect(upgrades).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('closes every connection with 1001, stops accepting, and leaves no handle behind', async () => {
    const before = activeHandles();
    const server = createLiveServer();
    server.register('/echo', echo);
    const { url } = await server.listen();
    const clients = await Promise.all([0, 1, 2].map(() => client.connect({ id: ID(), url: `${url}/echo` })));
    const ends = clients.map((connection) => lastValueFrom(connection.status.pipe(take(10), toArray())));
    await server.close();
    for (const statuses of await Promise.all(ends)) expect(statuses.at(-1)).toMatchObject({ type: 'didClose', code: 1001 });
    await settledHandles(before);
  });
});
