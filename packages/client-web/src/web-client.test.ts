import { Frame, ID, InvalidSettingsError, UnsupportedSettingError, type Settings } from '@aws/client';
import { activeHandles, settledHandles, startEchoServer, startRawWebSocketPeer, startServer } from '@aws/test-utils';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { WebSocket } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebClient } from './web-client.js';

// What the web client does differently from the live one; what both do is the contract suite (contract.test.ts).
const client = createWebClient({ WebSocket });
afterEach(() => client.closeAll());

describe('settings the web WebSocket cannot honour', () => {
  const refused: Array<[string, Partial<Settings>]> = [
    ['headers', { headers: { authorization: 'Bearer x' } }],
    ['headers', { headers: () => ({ authorization: 'Bearer x' }) }],
    ['tls', { tls: { rejectUnauthorized: false } }],
    ['compression', { compression: false }],
    ['pingInterval', { pingInterval: 1_000 }],
    ['heartbeat.ping', { heartbeat: { interval: 1_000 } }],
  ];

  it.each(refused)('refuses %s at open with UnsupportedSettingError naming it and the platform', (setting, extra) => {
    const id = ID();
    const baseline = activeHandles();
    let error: unknown;
    try {
      client.open({ id, url: 'ws://127.0.0.1:9', ...extra });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnsupportedSettingError);
    expect(error).toBeInstanceOf(InvalidSettingsError);
    expect(error).toMatchObject({ _tag: 'InvalidSettingsError', setting, platform: expect.stringContaining('web WebSocket') });
    expect((error as Error).message).toMatch(new RegExp(`^${setting.replace('.', '\\.')} cannot be set on the web WebSocket`));
    // Nothing was started: the id is free, no timer or socket exists.
    expect(() => client.status(id)).toThrow();
    expect(activeHandles()).toEqual(baseline);
  });

  it('accepts what it honours: empty headers, compression on, an application-level heartbeat, maxMessageSize, closeTimeout', async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({
      id: ID(),
      url: server.url,
      headers: {},
      compression: true,
      maxMessageSize: 1024,
      closeTimeout: 1_000,
      heartbeat: { interval: 1_000, ping: () => Frame.text('ping'), isPong: () => false },
    });
    expect(connection.isConnected()).toBe(true);
  });

  it('refuses to open without a WebSocket constructor, saying how to pass one', () => {
    const bare = createWebClient();
    const global = globalThis as { WebSocket?: unknown };
    const saved = global.WebSocket;
    delete global.WebSocket;
    try {
      expect(() => bare.open({ id: ID(), url: 'ws://127.0.0.1:9' })).toThrow(/createWebClient\(\{ WebSocket \}\)/);
    } finally {
      if (saved !== undefined) global.WebSocket = saved;
    }
  });
});

describe('frames and close codes the web WebSocket cannot send', () => {
  it('rejects ping and pong frames with InvalidFrameError, and close codes other than 1000 and 3000–4999', async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    await expect(connection.send(Frame.ping())).rejects.toMatchObject({ _tag: 'InvalidFrameError' });
    await expect(connection.send(Frame.pong())).rejects.toMatchObject({ _tag: 'InvalidFrameError' });
    await expect(connection.close(1001)).rejects.toMatchObject({ _tag: 'InvalidCloseCodeError' });
    await expect(client.close(connection.id, 1011)).rejects.toMatchObject({ _tag: 'InvalidCloseCodeError' });
    await expect(client.closeAll(1012)).rejects.toMatchObject({ _tag: 'InvalidCloseCodeError' });
    expect(connection.isConnected()).toBe(true);
    expect(await connection.close(3001, 'fine')).toEqual({ code: 3001, reason: 'fine' });
  });
});

describe('what the adapter makes that the web API lacks', () => {
  it('keeps the close timeout: a server that never answers the close is let go after closeTimeout', async () => {
    await using peer = await startRawWebSocketPeer(() => {});
    const connection = await client.connect({ id: ID(), url: peer.url, closeTimeout: 150 });
    const started = Date.now();
    expect(await connection.close(1000, 'bye')).toEqual({ code: 1000, reason: 'bye' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("closes with 1008 when the receive buffer is full under 'close' (the default)", async () => {
    await using server = await startServer((socket) => {
      for (let i = 0; i < 50; i += 1) socket.send(`m${i}`);
    });
    const connection = await client.connect({ id: ID(), url: server.url, receiveBuffer: { messages: 8 } });
    const ended = await lastValueFrom(connection.status);
    expect(ended).toMatchObject({ type: 'didClose', code: 1008, reason: expect.stringContaining('receive buffer full') });
  });

  it("drops what arrives while the receive buffer is full under 'drop', and keeps the connection", async () => {
    const dropping = createWebClient({ WebSocket, receiveOverflow: 'drop' });
    await using server = await startServer((socket) => {
      for (let i = 0; i < 50; i += 1) socket.send(`m${i}`);
      socket.on('message', () => socket.send('after'));
    });
    const connection = await dropping.connect({ id: ID(), url: server.url, receiveBuffer: { messages: 8 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const frames = firstValueFrom(connection.frames.pipe(take(9), toArray()));
    await connection.send(Frame.text('more'));
    const texts = (await frames).map((frame) => (frame.type === 'message' && frame.message.type === 'text' ? frame.message.text : ''));
    // The first 8 waited for the subscriber; the rest of the burst was dropped; the connection went on.
    expect(texts).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'after']);
    expect(connection.isConnected()).toBe(true);
    await dropping.closeAll();
  });

  it('checks maxMessageSize on binary and on text measured in UTF-8 bytes', async () => {
    await using server = await startServer((socket) => socket.on('message', (data) => socket.send(data.toString())));
    const connection = await client.connect({ id: ID(), url: server.url, maxMessageSize: 10 });
    const echoed = firstValueFrom(connection.frames);
    await connection.send(Frame.text('ééééé')); // 10 bytes: at the limit
    expect(await echoed).toEqual(Frame.text('ééééé'));
    await connection.send(Frame.text('éééééé')); // 12 bytes, 6 characters
    expect(await lastValueFrom(connection.status)).toMatchObject({ type: 'didClose', code: 1009 });
  });

  it('leaves no timer or socket behind once closed', async () => {
    await using server = await startEchoServer();
    const baseline = activeHandles();
    const connection = await client.connect({
      id: ID(),
      url: server.url,
      heartbeat: { interval: 50, ping: () => Frame.text('p'), isPong: () => true },
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => connection.send(Frame.text(`${i}`))));
    await connection.close();
    expect(await settledHandles(baseline)).toEqual({});
  });
});

describe('options outside their domain', () => {
  it.each([
    ['receiveOverflow', { receiveOverflow: 'ignore' }],
    ['WebSocketStream', { WebSocketStream: 'yes' }],
    // The option of the releases before webSocketStream(): the error says where the stream went.
    ['web-socket-stream', { WebSocketStream: true }],
    ['WebSocket', { WebSocket: 'ws' }],
  ])('%s: InvalidSettingsError at createWebClient, before any connection', (setting, options) => {
    expect(() => createWebClient(options as never)).toThrow(InvalidSettingsError);
    expect(() => createWebClient(options as never)).toThrow(setting);
  });
});
