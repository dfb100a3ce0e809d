import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  AbortedError,
  ConnectionClosedError,
  ConnectionFailedError,
  Frame,
  HandshakeFailedError,
  ID,
  TimedOutError,
  type ConnectionStatus,
} from '@aws/client';
import { readRequestHead, startServer, startTcpPeer } from '@aws/test-utils';
import { generate } from 'selfsigned';
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

const client = createLiveClient();
afterEach(() => client.closeAll());

describe('opening handshake', () => {
  it('sends headers, path, query and subprotocols, and reports the chosen subprotocol', async () => {
    await using server = await startServer(() => {}, { handleProtocols: (offered) => [...offered][1] ?? false });
    const connection = await client.connect({
      id: ID(),
      url: `${server.url}/chat/room?token=abc&x=1`,
      headers: { authorization: 'Bearer t0k3n', 'x-trace': '42' },
      protocols: ['v1.chat', 'v2.chat'],
    });
    const { request } = server.sockets[0]!;
    expect(request.url).toBe('/chat/room?token=abc&x=1');
    expect(request.headers.authorization).toBe('Bearer t0k3n');
    expect(request.headers['x-trace']).toBe('42');
    expect(request.headers['sec-websocket-protocol']).toBe('v1.chat,v2.chat');
    expect(connection.protocol).toBe('v2.chat');
    await connection.close();
  });

  it('uses a separate port setting instead of the URL port, keeping the path', async () => {
    await using server = await startServer();
    const connection = await client.connect({ id: ID(), url: 'ws://127.0.0.1:1/deep/path', port: server.port });
    expect(server.sockets[0]!.request.url).toBe('/deep/path');
    await connection.close();
  });

  it('connects to wss:// with a self-signed certificate trusted through the TLS options, and refuses it otherwise', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    const https = createHttpsServer({ key: pems.private, cert: pems.cert });
    const wss = new WebSocketServer({ server: https });
    wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const { port } = https.address() as AddressInfo;
    try {
      const url = `wss://127.0.0.1:${port}`;
      const untrusted = client.connect({ id: ID(), url, tls: { servername: 'localhost' } });
      await expect(untrusted).rejects.toBeInstanceOf(ConnectionFailedError);

      const connection = await client.connect({ id: ID(), url, tls: { ca: pems.cert, servername: 'localhost' } });
      const echoed = firstValueFrom(connection.frames);
      await connection.send(Frame.text('over TLS'));
      expect(await echoed).toEqual(Frame.text('over TLS'));
      await connection.close();
    } finally {
      for (const socket of wss.clients) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
      https.closeAllConnections();
      await new Promise((resolve) => https.close(resolve));
    }
  });

  it('fails with HandshakeFailedError carrying the status and headers when the server answers 401', async () => {
    await using peer = await startTcpPeer(async (socket) => {
      await readRequestHead(socket);
      socket.end('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 6\r\n\r\nnope!\n');
    });
    const error = await client.connect({ id: ID(), url: peer.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandshakeFailedError);
    expect((error as HandshakeFailedError).status).toBe(401);
    expect((error as HandshakeFailedError).headers['www-authenticate']).toBe('Bearer');
  });

  it('fails with HandshakeFailedError when a 101 does not carry a valid Sec-WebSocket-Accept', async () => {
    await using peer = await startTcpPeer(async (socket) => {
      await readRequestHead(socket);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bogus\r\n\r\n');
    });
    const error = await client.connect({ id: ID(), url: peer.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandshakeFailedError);
    expect((error as HandshakeFailedError).status).toBe(101);
  });

  it('times out with TimedOutError against a TCP server that never answers, and registers nothing', async () => {
    await using peer = await startTcpPeer();
    const id = ID();
    const statuses = lastValueFrom(client.open({ id, url: peer.url, handshakeTimeout: 200 }).pipe(toArray()));
    const done = await statuses;
    expect(done.map((s) => s.type)).toEqual(['connecting', 'didFail']);
    expect((done[1] as Extract<ConnectionStatus, { type: 'didFail' }>).error).toBeInstanceOf(TimedOutError);
    expect(() => client.receive(id)).toThrow(ConnectionClosedError);
  });

  it('aborts the opening through an AbortSignal, leaving nothing registered', async () => {
    await using peer = await startTcpPeer();
    const controller = new AbortController();
    const id = ID();
    const opened = client.connect({ id, url: peer.url, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(opened).rejects.toBeInstanceOf(AbortedError);
    expect(client.isConnected(id)).toBe(false);
    expect(() => client.status(id)).toThrow(ConnectionClosedError);
  });

  it('refuses to open with an already aborted signal', () => {
    expect(() => client.open({ id: ID(), url: 'ws://127.0.0.1:9', signal: AbortSignal.abort() })).toThrow(AbortedError);
  });

  it('fails with ConnectionFailedError (ECONNREFUSED) when nothing listens', async () => {
    await using peer = await startTcpPeer();
    const url = peer.url;
    await peer.close();
    const error = await client.connect({ id: ID(), url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionFailedError);
    expect((error as ConnectionFailedError).code).toBe('ECONNREFUSED');
  });
});

describe('frames from the handshake on', () => {
  it('delivers a welcome sent at connect to a subscriber that subscribes after connected', async () => {
    await using server = await startServer((socket) => socket.send('{"welcome":{"_0":{"message":"hi"}}}'));
    const id = ID();
    const status = client.open({ id, url: server.url });
    await firstValueFrom(status.pipe(filter((s) => s.type === 'connected')));
    // Let the welcome arrive before anybody listens.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const first = await firstValueFrom(client.receive(id));
    expect(first).toEqual(Frame.text('{"welcome":{"_0":{"message":"hi"}}}'));
  });

  it('delivers a first message sent in the same TCP segment as the 101, exactly once', async () => {
    await using server = await startServer((socket) => {
      socket.send('first');
      socket.send('second');
    });
    const connection = await client.connect({ id: ID(), url: server.url });
    const frames = lastValueFrom(connection.frames.pipe(toArray()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await connection.close();
    expect(await frames).toEqual([Frame.text('first'), Frame.text('second'), Frame.close(1000, '')]);
  });
});
