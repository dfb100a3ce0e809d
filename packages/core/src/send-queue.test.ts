import { ID, Frame } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from './resolve-settings.js';
import { SendQueue, type DataFrame } from './send-queue.js';
import type { SendQueueOptions } from '@aws/client';

const text = (s: string) => Frame.text(s) as DataFrame;
const settle = (promise: Promise<void>) =>
  promise.then(
    () => 'written',
    (error: Error) => error.name,
  );
const bounds = (sendQueue: SendQueueOptions) => resolveSettings({ id: ID(), url: 'ws://localhost', sendQueue }).sendQueue;

describe('SendQueue', () => {
  const id = ID();

  it("'reject' refuses the new message when full, by count or by bytes", async () => {
    const queue = new SendQueue(id, bounds({ messages: 2, bytes: 10, overflow: 'reject' }));
    const results = [settle(queue.enqueue(text('aa'))), settle(queue.enqueue(text('bb'))), settle(queue.enqueue(text('cc')))];
    const tooBig = settle(new SendQueue(id, bounds({ bytes: 10 })).enqueue(text('x'.repeat(11))));
    queue.shift()?.resolve();
    queue.shift()?.resolve();
    expect(await Promise.all(results)).toEqual(['written', 'written', 'SendQueueFullError']);
    expect(await tooBig).toBe('SendQueueFullError');
  });

  it("'dropOldest' drops the oldest to make room, rejecting its send", async () => {
    const queue = new SendQueue(id, bounds({ messages: 2, overflow: 'dropOldest' }));
    const results = ['1', '2', '3'].map((s) => settle(queue.enqueue(text(s))));
    expect(queue.size).toBe(2);
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) item.resolve();
    expect(await Promise.all(results)).toEqual(['MessageDroppedError', 'written', 'written']);
  });

  it("'wait' holds the new send until there is room, in order", async () => {
    const queue = new SendQueue(id, bounds({ messages: 1, overflow: 'wait' }));
    const order: string[] = [];
    const results = ['1', '2', '3'].map((s) => queue.enqueue(text(s)).then(() => order.push(s)));
    expect(queue.size).toBe(1);
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) item.resolve();
    await Promise.all(results);
    expect(order).toEqual(['1', '2', '3']);
  });

  it('writes first, in their order, the sends whose write failed when the socket died', async () => {
    const queue = new SendQueue(id, bounds({ messages: 10 }));
    const written: string[] = [];
    const sends = ['a', 'b', 'c'].map((s) => queue.enqueue(text(s)).then(() => written.push(s)));
    const a = queue.shift()!;
    const b = queue.shift()!;
    queue.requeue([a, b]);
    const d = queue.enqueue(text('d')).then(() => written.push('d'));
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) item.resolve();
    await Promise.all([...sends, d]);
    expect(written).toEqual(['a', 'b', 'c', 'd']);
  });

  it('settles every promise, queued and waiting, when the connection ends for good', async () => {
    const queue = new SendQueue(id, bounds({ messages: 1, overflow: 'wait' }));
    const results = [settle(queue.enqueue(text('1'))), settle(queue.enqueue(text('2')))];
    queue.rejectAll();
    expect(await Promise.all(results)).toEqual(['ConnectionClosedError', 'ConnectionClosedError']);
  });

  it('rejects at once a message larger than the whole byte budget, whatever the policy, and drops nothing for it', async () => {
    for (const overflow of ['reject', 'dropOldest', 'wait'] as const) {
      const queue = new SendQueue(id, bounds({ bytes: 20, overflow }));
      const small = [settle(queue.enqueue(text('a'))), settle(queue.enqueue(text('b')))];
      expect(await settle(queue.enqueue(text('x'.repeat(21))))).toBe('SendQueueFullError');
      expect(queue.size).toBe(2);
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) item.resolve();
      expect(await Promise.all(small)).toEqual(['written', 'written']);
    }
  });

  it("counts sends blocked by 'wait' as waiting, so a later send cannot overtake them", () => {
    const queue = new SendQueue(id, bounds({ messages: 1, overflow: 'wait' }));
    void queue.enqueue(text('1'));
    void queue.enqueue(text('2'));
    queue.shift();
    expect(queue.isEmpty).toBe(false);
  });
});
