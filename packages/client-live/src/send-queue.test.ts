import { Frame, ID } from '@aws/client';
import { startServer, startTcpPeer } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

const settle = (promise: Promise<void>) =>
  promise.then(
    () => 'written',
    (error: Error) => error.name,
  );

describe('send queue of a live connection', () => {
  const client = createLiveClient();
  afterEach(() => client.closeAll());

  it.each([
    ['reject', ['written', 'written', 'SendQueueFullError']],
    ['dropOldest', ['MessageDroppedError', 'written', 'written']],
    ['wait', ['written', 'written', 'written']],
  ] as const)("while connecting, overflow '%s' settles every send as promised", async (overflow, expected) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const received: string[] = [];
    // The server holds the handshake back until the sends are queued.
    await using server = await startServer((socket) => socket.on('message', (data) => received.push(String(data))), {
      verifyClient: (_info, done) => void gate.then(() => done(true)),
    });
    const id = ID();
    client.open({ id, url: server.url, sendQueue: { messages: 2, overflow } });
    const results = ['1', '2', '3'].map((s) => settle(client.send(id, Frame.text(s))));
    release();
    expect(await Promise.all(results)).toEqual(expected);
    const written = expected.filter((r) => r === 'written').length;
    await expect.poll(() => received.length).toBe(written);
    expect(received).toEqual(overflow === 'dropOldest' ? ['2', '3'] : ['1', '2', '3'].slice(0, written));
  });

  it('rejects queued sends with the opening error when the connection never opens', async () => {
    await using peer = await startTcpPeer();
    const id = ID();
    client.open({ id, url: peer.url, handshakeTimeout: 50 });
    await expect(client.send(id, Frame.text('x'))).rejects.toMatchObject({ _tag: 'TimedOutError' });
  });

  it('waits while the socket buffer is over the high water mark, then writes everything in order', async () => {
    const received: number[] = [];
    await using server = await startServer((socket) => socket.on('message', (data) => received.push((data as Buffer).readUInt32BE(0))));
    const connection = await client.connect({
      id: ID(),
      url: server.url,
      sendQueue: { highWaterMark: 64 * 1024, lowWaterMark: 16 * 1024, messages: 10_000, bytes: 1 << 30 },
    });
    const payload = (i: number) => {
      const data = Buffer.alloc(16 * 1024);
      data.writeUInt32BE(i, 0);
      return Frame.binary(data);
    };
    // 32 MiB at once: more than the kernel takes, so sends must wait on the socket's buffer.
    const sends = Array.from({ length: 2048 }, (_, i) => connection.send(payload(i)));
    await Promise.all(sends);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2048);
    expect(received).toEqual(Array.from({ length: 2048 }, (_, i) => i));
    await connection.close();
  });

  // Without reconnection a post is written as nobody's (no callback unless it may fill the socket); with it, it is kept
  // in flight as a send is, to be written again: either way the posts queued behind a full socket must be drained.
  it.each([
    ['without reconnection', false],
    ['with reconnection', true],
  ] as const)('posts %s wait while the socket buffer is over the high water mark, then all go out in order', async (_, reconnect) => {
    const received: number[] = [];
    await using server = await startServer((socket) => socket.on('message', (data) => received.push((data as Buffer).readUInt32BE(0))));
    const connection = await client.connect({
      id: ID(),
      url: server.url,
      reconnect,
      sendQueue: { highWaterMark: 64 * 1024, lowWaterMark: 16 * 1024, messages: 10_000, bytes: 1 << 30 },
    });
    const payload = (i: number) => {
      const data = Buffer.alloc(16 * 1024);
      data.writeUInt32BE(i, 0);
      return Frame.binary(data);
    };
    // 32 MiB at once, a send among the posts: more than the kernel takes, so most posts wait in the queue.
    for (let i = 0; i < 1024; i += 1) connection.post(payload(i));
    const between = connection.send(payload(1024));
    for (let i = 1025; i < 2048; i += 1) connection.post(payload(i));
    await between;
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2048);
    expect(received).toEqual(Array.from({ length: 2048 }, (_, i) => i));
    await connection.close();
  });
});
