import { Frame, ID, type CloseInfo } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import type { ServerConnection, Service } from '@aws/server';
import { rawFrame, waitFor } from '@aws/test-utils';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { generate } from 'selfsigned';
import { bufferCount, filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLiveServer, type LiveServer } from './live-server.js';

const client = createLiveClient();
const servers: LiveServer[] = [];
afterEach(async () => {
  await client.closeAll();
  for (const server of servers.splice(0)) await server.close({ timeout: 500 });
});

function track(server: LiveServer): LiveServer {
  servers.push(server);
  return server;
}

const echo: Service = { received: (message, connection) => connection.send({ type: 'message', message }) };

const firstMessage = (frames: Parameters<typeof firstValueFrom<Frame>>[0]) =>
  firstValueFrom(frames.pipe(filter((frame) => frame.type === 'message')));

describe('sending one message as fragments', () => {
  it('streams the parts as they come; the client gets one message, and other sends wait for the last part', async () => {
    const server = track(createLiveServer());
    server.register('/big', {
      async connected(connection) {
        async function* parts() {
          for (let i = 0; i < 3; i += 1) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            yield new Uint8Array(64 * 1024).fill(i + 1);
          }
        }
        const streamed = connection.sendFragments(parts(), { binary: true });
        // Sent while the fragments are going out: it must come after the whole message, not inside it.
        const after = connection.send(Frame.text('after'));
        await Promise.all([streamed, after]);
      },
    });
    const { url } = await server.listen();
    const connection = await client.connect({ id: ID(), url: `${url}/big` });
    const [big, next] = await firstValueFrom(
      connection.frames.pipe(
        filter((frame) => frame.type === 'message'),
        bufferCount(2),
      ),
    );
    expect(big?.type === 'message' && big.message.type === 'binary' && big.message.data.byteLength).toBe(3 * 64 * 1024);
    expect(big?.type === 'message' && big.message.type === 'binary' && [...new Set(big.message.data)]).toEqual([1, 2, 3]);
    expect(next).toEqual(Frame.text('after'));
    await connection.close();
  });
});

describe('where the server listens', () => {
  it('serves wss: with a self-signed certificate', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const server = track(createLiveServer({ tls: { key: pems.private, cert: pems.cert } }));
    server.register('/echo', echo);
    const { url, port } = await server.listen();
    expect(url.startsWith('wss://')).toBe(true);
    await using connection = await client.connect({ id: ID(), url: `wss://localhost:${port}/echo`, tls: { ca: pems.cert } });
    const echoed = firstMessage(connection.frames);
    await connection.send(Frame.text('secure'));
    expect(await echoed).toEqual(Frame.text('secure'));
  });

  it('shares the port of an existing http server with its routes, and leaves it running on close', async () => {
    const http = createServer((_request, response) => response.end('plain http'));
    const server = createLiveServer({ server: http });
    server.register('/ws', echo);
    const { url } = await server.listen();
    expect(await (await fetch(url.replace('ws:', 'http:') + '/page')).text()).toBe('plain http');
    const connection = await client.connect({ id: ID(), url: `${url}/ws` });
    await server.close();
    expect(await lastValueFrom(connection.status)).toMatchObject({ type: 'didClose', code: 1001 });
    expect(http.listening).toBe(true);
    await new Promise((resolve) => http.close(resolve));
  });

  it('with noServer, a framework hands its upgrades to handleUpgrade', async () => {
    const server = track(createLiveServer({ noServer: true }));
    server.register('/ws', echo);
    await expect(server.listen()).rejects.toMatchObject({ _tag: 'InvalidSettingsError', setting: 'noServer' });
    const http = createServer();
    http.on('upgrade', (request, socket, head) => server.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    await using connection = await client.connect({ id: ID(), url: `ws://127.0.0.1:${port}/ws` });
    const echoed = firstMessage(connection.frames);
    await connection.send(Frame.text('framework'));
    expect(await echoed).toEqual(Frame.text('framework'));
    await connection.close();
    await new Promise((resolve) => http.close(resolve));
  });
});

describe('permessage-deflate, per service', () => {
  it('is off unless the service turns it on', async () => {
    const server = track(createLiveServer());
    server.register('/plain', echo);
    const { url } = await server.listen();
    await using connection = await client.connect({ id: ID(), url: `${url}/plain` });
    expect(connection.extensions).toBe('');
  });

  it.each([
    ['with context takeover', {}, (extensions: string) => expect(extensions).not.toContain('no_context_takeover')],
    [
      'without context takeover',
      { serverNoContextTakeover: true, clientNoContextTakeover: true },
      (extensions: string) => expect(extensions).toContain('server_no_context_takeover'),
    ],
  ])('negotiates %s, and messages round-trip compressed', async (_name, compression, check) => {
    const server = track(createLiveServer());
    let serverSide: ServerConnection | undefined;
    server.register('/z', {
      options: { compression: { threshold: 0, ...compression } },
      connected: (c) => void (serverSide = c),
      received: (message, connection) => connection.send({ type: 'message', message }),
    });
    const { url } = await server.listen();
    await using connection = await client.connect({ id: ID(), url: `${url}/z` });
    expect(connection.extensions).toContain('permessage-deflate');
    check(connection.extensions);
    await waitFor(() => serverSide !== undefined, 2_000, 'connected');
    expect(serverSide?.extensions).toBe(connection.extensions);
    const text = 'compress me '.repeat(200);
    const echoed = firstMessage(connection.frames);
    await connection.send(Frame.text(text));
    expect(await echoed).toEqual(Frame.text(text));
  });
});

describe('bad frames from a raw TCP client get the RFC close code', () => {
  async function rawSession(url: string, frames: Buffer[]): Promise<{ code: number | undefined; disconnected: CloseInfo[] }> {
    const disconnected: CloseInfo[] = [];
    const server = track(createLiveServer());
    server.register('/raw', { disconnected: (_c, close) => void disconnected.push(close) });
    const { port } = await server.listen();
    void url;
    const socket: Socket = connect(port, '127.0.0.1');
    const code = await new Promise<number | undefined>((resolve) => {
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const rest = buffer.subarray(end + 4);
        // The server's close frame: opcode 8, then the code in the first two payload bytes.
        if (rest.length >= 4 && ((rest[0] as number) & 0x0f) === 0x8) resolve(rest.readUInt16BE(2));
      });
      socket.on('close', () => resolve(undefined));
      socket.write(
        'GET /raw HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      for (const frame of frames) socket.write(frame);
    });
    socket.destroy();
    await waitFor(() => disconnected.length === 1, 3_000, 'disconnected');
    return { code, disconnected };
  }

  it.each([
    ['an unmasked frame', [rawFrame(0x1, 'hi')], 1002],
    ['a reserved opcode', [rawFrame(0x3, 'x', { mask: true })], 1002],
    ['RSV1 without an extension', [rawFrame(0x1, 'hi', { mask: true, rsv1: true })], 1002],
    ['invalid UTF-8', [rawFrame(0x1, new Uint8Array([0xc3, 0x28]), { mask: true })], 1007],
    ['a ping of 126 bytes', [rawFrame(0x9, new Uint8Array(126), { mask: true })], 1002],
  ])('%s → %i, and disconnected reports it', async (_name, frames, expected) => {
    const { code, disconnected } = await rawSession('', frames);
    expect(code).toBe(expected);
    expect(disconnected[0]?.code).toBe(expected);
  });
});

describe('broadcast, encoded once', () => {
  it('delivers every text intact to every client, one message after another, and refuses an invalid frame', async () => {
    const server = track(createLiveServer());
    server.register('/b', {});
    const { url } = await server.listen();
    const connections = await Promise.all([0, 1, 2].map(() => client.connect({ id: ID(), url: `${url}/b` })));
    await waitFor(() => server.connections('/b').length === 3, 2_000, 'three connected');
    const received = connections.map((connection) =>
      firstValueFrom(
        connection.frames.pipe(
          filter((frame) => frame.type === 'message'),
          bufferCount(3),
        ),
      ),
    );
    // Two different texts of the same length, then the first again: each must be encoded for itself.
    for (const text of ['héllo wörld ✓', 'hallo welt ✓✓', 'héllo wörld ✓'])
      expect(server.broadcast('/b', Frame.text(text)).delivered).toBe(3);
    for (const frames of await Promise.all(received)) {
      expect(frames).toEqual([Frame.text('héllo wörld ✓'), Frame.text('hallo welt ✓✓'), Frame.text('héllo wörld ✓')]);
    }
    expect(() => server.broadcast('/b', { type: 'message', message: { type: 'text', text: 42 } } as unknown as Frame)).toThrow(
      expect.objectContaining({ _tag: 'InvalidFrameError' }),
    );
    expect(() => server.publish('any', Frame.close(1000))).toThrow(expect.objectContaining({ _tag: 'InvalidFrameError' }));
    for (const connection of connections) await connection.close();
  });

  it('a client that stalls and resumes gets every broadcast, those that waited in its queue included', async () => {
    const server = track(createLiveServer());
    server.register('/b', {
      options: { sendQueue: { highWaterMark: 64 * 1024, lowWaterMark: 16 * 1024, messages: 1_000, bytes: 64 << 20 } },
    });
    const { url } = await server.listen();
    const ws = new WebSocket(`${url}/b`);
    await new Promise((resolve) => ws.once('open', resolve));
    await waitFor(() => server.connections('/b').length === 1, 2_000, 'connected');
    let received = 0;
    ws.on('message', () => (received += 1));
    ws.pause();
    // One message far past the low mark while the socket is empty, then many that must wait in the queue.
    expect(server.broadcast('/b', Frame.binary(new Uint8Array(4 << 20))).delivered).toBe(1);
    for (let i = 0; i < 200; i += 1) server.broadcast('/b', Frame.text(`small ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    ws.resume();
    await waitFor(() => received === 201, 10_000, 'all 201 messages');
    ws.close();
  });
});

describe('a received text sent on', () => {
  it('is a plain text message to the handler, and what it holds when sent is what goes out', async () => {
    const server = track(createLiveServer());
    const seen: unknown[] = [];
    server.register('/relay', {
      async received(message, connection) {
        seen.push({ keys: Object.keys(message), json: JSON.stringify(message), spread: { ...message } });
        if (message.type !== 'text') return;
        if (message.text === 'change me') (message as { text: string }).text = 'changed';
        // After a pause: whatever the message kept of its bytes is let go by then, and the text is encoded again.
        if (message.text === 'later') await new Promise((resolve) => setTimeout(resolve, 10));
        await connection.send({ type: 'message', message });
        server.broadcast('/relay', { type: 'message', message });
      },
    });
    const { url } = await server.listen();
    await using connection = await client.connect({ id: ID(), url: `${url}/relay` });
    // Short and long, ASCII and not (a long ASCII text is decoded another way).
    const long = 'x'.repeat(70_000);
    const wide = `${'x'.repeat(2_000)}é😀`;
    const texts = ['héllo wörld ✓ 😀', 'change me', 'later', long, wide];
    const echoed = firstValueFrom(
      connection.frames.pipe(
        filter((frame) => frame.type === 'message'),
        bufferCount(2 * texts.length),
      ),
    );
    for (const text of texts) await connection.send(Frame.text(text));
    const expected = ['héllo wörld ✓ 😀', 'changed', 'later', long, wide].flatMap((text) => [Frame.text(text), Frame.text(text)]);
    expect(await echoed).toEqual(expected);
    expect(seen[0]).toEqual({
      keys: ['type', 'text'],
      json: JSON.stringify({ type: 'text', text: 'héllo wörld ✓ 😀' }),
      spread: { type: 'text', text: 'héllo wörld ✓ 😀' },
    });
  });
});

describe('broadcast, framed once', () => {
  it.each([
    ['plain', undefined],
    ['compressed', { threshold: 0 }],
  ])('delivers texts and binaries at every header size intact, to a %s connection', async (_name, compression) => {
    const server = track(createLiveServer());
    server.register('/f', { options: compression === undefined ? {} : { compression } });
    const { url } = await server.listen();
    const ws = new WebSocket(`${url}/f`);
    const received: { data: Buffer; isBinary: boolean }[] = [];
    ws.on('message', (data: Buffer, isBinary) => received.push({ data, isBinary }));
    await new Promise((resolve) => ws.once('open', resolve));
    await waitFor(() => server.connections('/f').length === 1, 2_000, 'connected');
    const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000];
    const sent: { data: Buffer; isBinary: boolean }[] = [];
    for (const size of sizes) {
      const text = 'é'.repeat(size >> 1) + 'a'.repeat(size & 1);
      const bytes = new Uint8Array(size).map((_, i) => i % 251);
      expect(server.broadcast('/f', Frame.text(text)).delivered).toBe(1);
      expect(server.broadcast('/f', Frame.binary(bytes)).delivered).toBe(1);
      sent.push({ data: Buffer.from(text), isBinary: false }, { data: Buffer.from(bytes), isBinary: true });
    }
    await waitFor(() => received.length === sent.length, 5_000, 'every broadcast');
    expect(received).toEqual(sent);
    ws.close();
  });

  it.each([
    ['plain', undefined],
    ['compressed', { threshold: 0 }],
  ])('sends texts and binaries of every size intact to a %s connection, after a ping and around fragments', async (_name, compression) => {
    const server = track(createLiveServer());
    const sizes = [0, 1, 125, 126, 341, 342, 1_024, 1_025, 65_536];
    server.register('/s', {
      options: compression === undefined ? {} : { compression },
      async connected(connection) {
        await connection.ping(new Uint8Array([1, 2, 3]));
        for (const size of sizes) {
          await connection.send(Frame.text('€'.repeat(Math.floor(size / 3)) + 'a'.repeat(size % 3)));
          await connection.send(Frame.binary(new Uint8Array(size).fill(size % 256)));
        }
        await Promise.all([connection.sendFragments(['frag', 'ments']), connection.send(Frame.text('after'))]);
      },
    });
    const { url } = await server.listen();
    const ws = new WebSocket(`${url}/s`);
    const received: { data: string; isBinary: boolean }[] = [];
    let pings = 0;
    ws.on('ping', () => (pings += 1));
    ws.on('message', (data: Buffer, isBinary) => received.push({ data: data.toString('hex'), isBinary }));
    const expected = sizes.flatMap((size) => [
      { data: Buffer.from('€'.repeat(Math.floor(size / 3)) + 'a'.repeat(size % 3)).toString('hex'), isBinary: false },
      { data: Buffer.alloc(size, size % 256).toString('hex'), isBinary: true },
    ]);
    expected.push(
      { data: Buffer.from('fragments').toString('hex'), isBinary: false },
      { data: Buffer.from('after').toString('hex'), isBinary: false },
    );
    await waitFor(() => received.length === expected.length, 5_000, 'every message');
    expect(received).toEqual(expected);
    expect(pings).toBe(1);
    ws.close();
  });
});

describe('the end of a connection', () => {
  it('has left the server and had its disconnected called before closed resolves, and closed read late still says how', async () => {
    const server = track(createLiveServer());
    const sides: ServerConnection[] = [];
    const order: string[] = [];
    server.register('/e', {
      connected: (connection) => void sides.push(connection),
      disconnected: (_connection, close) => void order.push(`disconnected ${close.code}`),
    });
    const { url } = await server.listen();
    const open = async () => {
      const ws = new WebSocket(`${url}/e`);
      await new Promise((resolve) => ws.once('open', resolve));
      return ws;
    };
    const [first, second] = [await open(), await open()];
    await waitFor(() => sides.length === 2, 2_000, 'both connected');
    const [early, late] = sides as [ServerConnection, ServerConnection];
    const heard = early.closed.then((close) => {
      order.push(`closed ${close.code}`);
      return server.connections('/e').includes(early);
    });
    first.close(4001, 'bye');
    expect(await heard).toBe(false);
    expect(order).toEqual(['disconnected 4001', 'closed 4001']);
    // Nobody asked the second for its closed before it ended.
    second.close(4002, 'later');
    await waitFor(() => order.length === 3, 2_000, 'the second disconnected');
    expect(await late.closed).toEqual({ code: 4002, reason: 'later' });
    expect(server.connections('/e')).toEqual([]);
  });
});

describe('broadcast at scale', () => {
  it('reaches 1,000 clients, reports every one, and closes the client too slow for its queue instead of skipping it silently', async () => {
    const server = track(createLiveServer());
    const byId = new Map<string, ServerConnection>();
    server.register('/fan', {
      options: { sendQueue: { messages: 4, bytes: 256 * 1024, overflow: 'close', highWaterMark: 64 * 1024, lowWaterMark: 0 } },
      connected: (connection) => void byId.set(connection.id, connection),
    });
    const { url } = await server.listen();
    const clients: WebSocket[] = [];
    let received = 0;
    for (let i = 0; i < 1_000; i += 1) {
      const ws = new WebSocket(`${url}/fan?n=${i}`);
      ws.on('message', () => (received += 1));
      ws.on('error', () => {});
      clients.push(ws);
    }
    await waitFor(() => server.connections('/fan').length === 1_000, 15_000, '1,000 connected');
    await waitFor(() => clients.every((ws) => ws.readyState === WebSocket.OPEN), 15_000, '1,000 open');
    const payload = Frame.binary(new Uint8Array(1024));
    for (let round = 0; round < 20; round += 1) {
      const result = server.broadcast('/fan', payload);
      expect(result.delivered + result.skipped.length + result.closed.length).toBe(1_000);
    }
    await waitFor(() => received === 1_000 * 20, 20_000, 'every message at every client');
    // One client stops reading; large frames on a topic only it joined fill its socket, then its queue.
    const slow = clients[0] as WebSocket;
    slow.pause();
    const slowSide = [...byId.values()].find((connection) => connection.query.get('n') === '0') as ServerConnection;
    slowSide.subscribe('slow');
    const big = Frame.binary(new Uint8Array(256 * 1024));
    let closed: readonly string[] = [];
    for (let i = 0; i < 400 && closed.length === 0; i += 1) {
      closed = server.publish('slow', big).closed;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(closed).toEqual([slowSide.id]);
    expect(await slowSide.closed).toMatchObject({ code: 1008 });
    // The others were not touched.
    expect(server.connections('/fan')).toHaveLength(999);
    for (const ws of clients) ws.terminate();
  }, 60_000);
});
