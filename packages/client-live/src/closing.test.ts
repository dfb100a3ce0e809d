import {
  CloseCode,
  Frame,
  ID,
  InvalidCloseCodeError,
  InvalidCloseReasonError,
  InvalidFrameError,
  ConnectionClosedError,
} from '@aws/client';
import { activeHandles, settledHandles, startEchoServer, startServer, startTcpPeer } from '@aws/test-utils';
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

const client = createLiveClient();
afterEach(() => client.closeAll());

describe('closing', () => {
  it('reports the code and reason the client sent on a client-initiated close', async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    const statuses = lastValueFrom(connection.status.pipe(toArray()));
    const frames = lastValueFrom(connection.frames.pipe(toArray()));
    await expect(connection.close(CloseCode.goingAway, 'bye')).resolves.toEqual({ code: 1001, reason: 'bye' });
    expect(await frames).toEqual([Frame.close(1001, 'bye')]);
    expect((await statuses).at(-1)).toEqual({ type: 'didClose', code: 1001, reason: 'bye' });
  });

  it("reports the server's code and reason on a server-initiated close", async () => {
    await using server = await startServer((socket) => setTimeout(() => socket.close(4001, 'kicked'), 20));
    const connection = await client.connect({ id: ID(), url: server.url });
    const frames = await lastValueFrom(connection.frames.pipe(toArray()));
    expect(frames).toEqual([Frame.close(4001, 'kicked')]);
    const last = await lastValueFrom(connection.status);
    expect(last).toEqual({ type: 'didClose', code: 4001, reason: 'kicked' });
  });

  it('reports 1005 for a close frame without a code', async () => {
    await using server = await startServer((socket) => setTimeout(() => socket.close(), 20));
    const connection = await client.connect({ id: ID(), url: server.url });
    expect(await lastValueFrom(connection.frames)).toEqual(Frame.close(1005, ''));
  });

  it('reports 1006 (not 1011) when the TCP connection drops without a close frame', async () => {
    await using server = await startServer((socket) => setTimeout(() => socket.terminate(), 20));
    const connection = await client.connect({ id: ID(), url: server.url });
    expect(await lastValueFrom(connection.frames)).toEqual(Frame.close(1006, ''));
    expect(await lastValueFrom(connection.status)).toEqual({ type: 'didClose', code: 1006, reason: '' });
  });

  it('reports 1009 when the server sends a message over maxMessageSize', async () => {
    await using server = await startServer((socket) => setTimeout(() => socket.send('x'.repeat(2048)), 20));
    const connection = await client.connect({ id: ID(), url: server.url, maxMessageSize: 1024 });
    expect(await lastValueFrom(connection.frames)).toMatchObject({ type: 'close', code: 1009 });
  });

  it('returns the same promise for a second close, and sends one close frame', async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    let closeFrames = 0;
    server.sockets[0]!.socket.on('close', () => (closeFrames += 1));
    const first = connection.close(1000);
    const second = connection.close(1000);
    expect(first).toBe(second);
    await first;
    expect(closeFrames).toBe(1);
  });

  it('closes every connection with closeAll', async () => {
    await using server = await startEchoServer();
    const ids = [ID(), ID(), ID()];
    await Promise.all(ids.map((id) => client.connect({ id, url: server.url })));
    await client.closeAll(CloseCode.goingAway);
    expect(ids.map((id) => client.isConnected(id))).toEqual([false, false, false]);
  });

  it('forces the close after closeTimeout when the server never answers the close frame', async () => {
    // A ws server that stops reading: it never sees our close frame, so never answers.
    await using server = await startServer((socket) => (socket as unknown as { _socket: { pause(): void } })._socket.pause());
    const connection = await client.connect({ id: ID(), url: server.url, closeTimeout: 200 });
    const status = lastValueFrom(connection.status);
    await connection.close(1000);
    expect(await status).toMatchObject({ type: 'didClose' });
    expect(connection.isConnected()).toBe(false);
  });
});

describe('bad input gets a typed error and changes nothing', () => {
  it.each([1005, 1006, 1015, 1004, 999, 2999, 5000, 0, -1, 1000.5])('close code %d → InvalidCloseCodeError', async (code) => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    await expect(connection.close(code)).rejects.toBeInstanceOf(InvalidCloseCodeError);
    await expect(client.send(connection.id, Frame.close(code))).rejects.toBeInstanceOf(InvalidCloseCodeError);
    expect(connection.isConnected()).toBe(true);
  });

  it('a close reason over 123 bytes → InvalidCloseReasonError; 123 bytes is fine', async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    await expect(connection.close(1000, 'é'.repeat(62))).rejects.toBeInstanceOf(InvalidCloseReasonError);
    expect(connection.isConnected()).toBe(true);
    await expect(connection.close(1000, 'x'.repeat(123))).resolves.toEqual({ code: 1000, reason: 'x'.repeat(123) });
  });

  it('frames that may not be sent → InvalidFrameError, nothing reaches the wire', async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    let received = 0;
    server.sockets[0]!.socket.on('message', () => (received += 1));
    const bad: unknown[] = [
      { type: 'message', message: { type: 'text', text: 42 } },
      { type: 'message', message: { type: 'binary', data: 1024 } },
      { type: 'message', message: { type: 'binary', data: 'not bytes' } },
      { type: 'message', message: { type: 'json' } },
      { type: 'ping', data: new Uint8Array(126) },
      { type: 'pong', data: 5 },
      { type: 'shout' },
      null,
    ];
    for (const frame of bad) {
      await expect(connection.send(frame as Frame)).rejects.toBeInstanceOf(InvalidFrameError);
    }
    const echoed = firstValueFrom(connection.frames.pipe(filter((f) => f.type === 'message')));
    await connection.send(Frame.text('still fine'));
    expect(await echoed).toEqual(Frame.text('still fine'));
    expect(received).toBe(1);
  });

  it('sending on a closed connection → ConnectionClosedError', async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    await connection.close();
    await expect(connection.send(Frame.text('late'))).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(connection.close()).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('disposing a connection handle closes it, and disposing it again does not throw', async () => {
    await using server = await startEchoServer();
    const id = ID();
    {
      await using connection = await client.connect({ id, url: server.url });
      expect(connection.isConnected()).toBe(true);
    }
    expect(client.isConnected(id)).toBe(false);
  });
});

describe('clean-up', () => {
  it('leaves no socket, timer or listener behind after connections end, whichever way they end', async () => {
    await using server = await startEchoServer();
    await using silent = await startTcpPeer();
    const baseline = activeHandles();
    // Closed by the client, with a heartbeat running.
    const a = await client.connect({ id: ID(), url: server.url, pingInterval: 50 });
    await a.close();
    // Dropped by the server.
    const b = await client.connect({ id: ID(), url: server.url });
    const bEnded = lastValueFrom(b.status);
    server.sockets.at(-1)!.socket.terminate();
    await bEnded;
    // Failed handshake (timeout) and aborted handshake.
    await client.connect({ id: ID(), url: silent.url, handshakeTimeout: 50 }).catch(() => undefined);
    const aborting = new AbortController();
    const aborted = client.connect({ id: ID(), url: silent.url, signal: aborting.signal }).catch(() => undefined);
    setTimeout(() => aborting.abort(), 10);
    await aborted;
    expect(await settledHandles(baseline)).toEqual({});
  });
});
