import { Frame, ID } from '@aws/client';
import type { Broker, BrokerDelivery, BrokerSink } from '@aws/server';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from './memory-network.js';

/** A broker that loops back and keeps a history, driven by the test: `deliver` plays the live reader. */
function scriptedBroker() {
  const log: BrokerDelivery[] = [];
  let sink: BrokerSink | undefined;
  let releaseHistory: (() => void) | undefined;
  const subscribed: string[] = [];
  const broker: Broker = {
    loopback: true,
    start: (given) => void (sink = given),
    publish: async (topic, frame, except) => {
      const delivery = { topic, frame, offset: `0-${log.length + 1}`, except };
      log.push(delivery);
      return { offset: delivery.offset };
    },
    subscribe: async (topic) => {
      subscribed.push(topic);
      return `0-${log.length}`;
    },
    unsubscribe: (topic) => void subscribed.splice(subscribed.indexOf(topic), 1),
    // The history is read while live frames keep coming: it waits until the test lets it go.
    history: async (_topic, after) => {
      const from = Number(after.split('-')[1]);
      await new Promise<void>((resolve) => (releaseHistory = resolve));
      return { type: 'replay', deliveries: log.slice(from) };
    },
    compare: (a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]),
    health: () => ({ ok: true }),
    accepting: () => true,
    close: async () => {},
  };
  return {
    broker,
    log,
    subscribed,
    /** The live reader delivers entry n (1-based). */
    deliver: (n: number) => sink?.deliver(log[n - 1] as BrokerDelivery),
    lost: (topic: string) => sink?.lost(topic, 'trimmed'),
    release: () => releaseHistory?.(),
    get waiting() {
      return releaseHistory !== undefined;
    },
  };
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const textsOf = (frames: Frame[]): string[] =>
  frames.flatMap((frame) => (frame.type === 'message' && frame.message.type === 'text' ? [frame.message.text] : []));

describe('topics on a broker that keeps a history', () => {
  it('a resume replays from the offset, then live frames, none twice although history and live overlap', async () => {
    const scripted = scriptedBroker();
    const stamp = (frame: Frame, offset: string): Frame => Frame.text(`${offset} ${textsOf([frame])[0]}`);
    const { server, client } = createMemoryNetwork({ topics: { broker: scripted.broker, stamp } });
    let resumed: unknown;
    server.register('/t', { connected: async (c) => void (resumed = await c.resume('news', c.query.get('after') ?? undefined)) });
    for (const text of ['a', 'b', 'c']) await server.publish('news', Frame.text(text)).accepted;
    const frames: Frame[] = [];
    await using connection = await client.connect({ id: ID(), url: 'ws://test/t?after=0-1' });
    connection.frames.subscribe((frame) => void frames.push(frame));
    await waitFor(() => scripted.waiting, 1_000, 'the history read');
    // While the history is read, the live reader delivers 2 and 3 (in the history too) and a new one, 4.
    await server.publish('news', Frame.text('d')).accepted;
    for (const n of [2, 3, 4]) scripted.deliver(n);
    scripted.release();
    await waitFor(() => frames.length === 3, 1_000, 'three frames');
    // The reader was behind: it delivers 4 again, then 5.
    await server.publish('news', Frame.text('e')).accepted;
    scripted.deliver(4);
    scripted.deliver(5);
    await waitFor(() => frames.length === 4, 1_000, 'four frames');
    expect(textsOf(frames)).toEqual(['0-2 b', '0-3 c', '0-4 d', '0-5 e']);
    expect(resumed).toEqual({ type: 'replayed', count: 3 });
    // Publishing through a broker that loops back delivers nothing at once: every frame comes from the broker.
    expect(server.publish('news', Frame.text('f'))).toEqual({ delivered: 0, skipped: [], closed: [] });
  });

  it('without an offset a connection is live at once; the broker is told when the last subscriber leaves', async () => {
    const scripted = scriptedBroker();
    const { server, client } = createMemoryNetwork({ topics: { broker: scripted.broker } });
    server.register('/t', { connected: (c) => void c.resume('news', undefined) });
    const connection = await client.connect({ id: ID(), url: 'ws://test/t' });
    await waitFor(() => scripted.subscribed.includes('news'), 1_000, 'subscribed');
    await connection.close();
    await waitFor(() => scripted.subscribed.length === 0, 1_000, 'unsubscribed');
  });

  it('frames lost for this process close its subscribers with 1013, so that they come back and resume', async () => {
    const scripted = scriptedBroker();
    const { server, client } = createMemoryNetwork({ topics: { broker: scripted.broker } });
    server.register('/t', { connected: (c) => c.subscribe('news') });
    const connection = await client.connect({ id: ID(), url: 'ws://test/t' });
    await waitFor(() => scripted.subscribed.includes('news'), 1_000, 'subscribed');
    scripted.lost('news');
    await waitFor(() => !connection.isConnected(), 1_000, 'closed');
    expect(server.connections()).toEqual([]);
  });

  it('the in-memory broker (the default) keeps no history: a resume from an offset is a resync', async () => {
    const { server, client } = createMemoryNetwork();
    let resumed: unknown;
    server.register('/t', { connected: async (c) => void (resumed = await c.resume('news', '0-1')) });
    await using _connection = await client.connect({ id: ID(), url: 'ws://test/t' });
    await waitFor(() => resumed !== undefined, 1_000, 'resumed');
    expect(resumed).toEqual({ type: 'resync', reason: 'the in-memory broker keeps no history' });
    const publication = server.publish('news', Frame.text('x'));
    expect(publication.delivered).toBe(1);
    expect(await publication.accepted).toEqual({});
    expect(server.health()).toEqual({ ok: true });
  });
});
