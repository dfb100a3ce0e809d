import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeHandles, settledHandles } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { connectPeer } from '../testing/ws-peer.js';
import { handleEchoConnection, startEchoServer } from './echo.js';
import { anyFreePort, useServer } from '../testing/server-fixture.js';
import { serveOnSocketPath } from './serve.js';

describe('Echo server', () => {
  const running = useServer((log) => startEchoServer(anyFreePort, log));

  it('listens on the port the system chose and says where in its url', () => {
    expect(running.server.port).toBeGreaterThan(0);
    expect(running.server.url).toBe(`ws://127.0.0.1:${running.server.port}`);
  });

  it('echoes text as text and binary as binary', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.send('Hello');
    peer.socket.send(Buffer.from('Hello'), { binary: true });
    expect(await peer.next()).toEqual({ type: 'text', text: 'Hello' });
    expect(await peer.next()).toEqual({ type: 'binary', data: Buffer.from('Hello') });
    expect(running.logged).toEqual(['[Received text] Hello', '[Received binary] 5 bytes']);
  });

  it('answers a ping with a pong of the same payload, and echoes a pong as a pong', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.ping(Buffer.from('are you there'));
    expect(await peer.next()).toEqual({ type: 'pong', data: Buffer.from('are you there') });
    peer.socket.pong(Buffer.from('unsolicited'));
    expect(await peer.next()).toEqual({ type: 'pong', data: Buffer.from('unsolicited') });
  });

  it('echoes the code and reason of a close frame, then closes', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.close(4001, 'see you');
    expect(await peer.next()).toEqual({ type: 'close', code: 4001, reason: 'see you' });
  });

  it('says goodbye with 1001 to the clients still connected when it closes', async () => {
    await using peer = await connectPeer(running.server.url);
    await running.server.close();
    expect(await peer.next()).toEqual({ type: 'close', code: 1001, reason: 'server shutting down' });
  });
});

describe('Echo server on a unix socket', () => {
  it('echoes over the socket path', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'echo-'));
    const baseline = activeHandles();
    try {
      const server = await serveOnSocketPath(
        handleEchoConnection(() => {}),
        { path: join(directory, 'echo.sock') },
      );
      const peer = await connectPeer(`${server.url}:/websocket`);
      peer.socket.send('over a unix socket');
      expect(await peer.nextText()).toBe('over a unix socket');
      await peer.close();
      await server.close();
      expect(await settledHandles(baseline)).toEqual({});
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
