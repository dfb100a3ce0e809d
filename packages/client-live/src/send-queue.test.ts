import { Frame, ID } from '@aws/client';
import { startServer, startTcpPeer } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';
import { SendQueue, type DataFrame } from './send-queue.js';

const text = (s: string) => Frame.text(s) as DataFrame;
const settle = (promise: Promise<void>) => promise.then(() => 'written', (error: Error) => error.name);

describe('SendQueue', () => {
  const id = ID();

  it("'reject' refuses the new message when full, by count or by bytes", async () => {
    const queue = new SendQueue(id, { messages: 2, bytes: 10, overflow: 'reject' });
    const results = [settle(queue.enqueue(text('aa'))), settle(queue.enqueue(text('bb'))), settle(queue.enqueue(text('cc')))];
    const tooBig = settle(new SendQueue(id, { bytes: 10 }).enqueue(text('x'.repeat(11))));
    queue.shift()?.resolve();
    queue.shift()?.resolve();
    expect(await Promise.all(results)).toEqual(['written', 'written', 'SendQueueFullError']);
    expect(await tooBig).toBe('SendQueueFullError');
  });

  it("'dropOldest' drops the oldest to make room, rejecting its send", async () => {
    const queue = new SendQueue(id, { messages: 2, overflow: 'dropOldest' });
    const results = ['1', '2', '3'].map((s) => settle(queue.enqueue(text(s))));
    expect(queue.size).toBe(2);
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) item.resolve();
    expect(await Promise.all(results)).toEqual(['MessageDroppedError', 'written', 'written']);
  });

  it("'wait' holds the new send until there is room, in order", async () => {
    const queue = new SendQueue(id, { messages: 1, overflow: 'wait' });
    const order: string[] = [];
    const results = ['1', '2', '3'].map((s) => queue.enqueue(text(s)).then(() => order.push(s)));
    expect(queue.size).toBe(1);
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) item.resolve();
    await Promise.all(results);
    expect(order).toEqual(['1', '2', '3']);
  });

  it('writes first, in their order, the sends whose write failed when the socket died', async () => {
    const queue = new SendQueue(id, { messages: 10 });
    const written: string[] = [];
    const sends = ['a', 'b', 'c'].map((s) => queue.enqueue(text(s)).then(() => written.push(s)));
    const a = queue.shift()!;
    const b = queue.shift()!;
    queue.retry(a);
    queue.retry(b);
    const d = queue.enqueue(text('d')).then(() => written.push('d'));
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) item.resolve();
    await Promise.all([...sends, d]);
    expect(written).toEqual(['a', 'b', 'c', 'd']);
  });

  it('settles every promise, queued and waiting, when the connection ends for good', async () => {
    const queue = new SendQueue(id, { messages: 1, overflow: 'wait' });
    const results = [settle(queue.enqueue(text('1'))), settle(queue.enqueue(text('2')))];
    queue.rejectAll();
    expect(await Promise.all(results)).toEqual(['ConnectionClosedError', 'ConnectionClosedError']);
  });
});

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
});
