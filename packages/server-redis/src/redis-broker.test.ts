import { Frame } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import type { WebSocketServer } from '@aws/server';
import { createMemoryNetwork } from '@aws/server-core';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, startRedisServer, type TestRedis, waitFor, within } from '@aws/test-utils';
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBroker, type RedisBroker } from './redis-broker.js';
import type { RedisBrokerOptions } from './redis-link.js';
import { orderProblems, relayClient, type RelayClient } from './testing/relay-client.js';
import { relayPath, relayService, stampOffset } from './testing/relay-service.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
}, 120_000);
afterAll(() => redis.stop());

const client = createLiveClient();
const servers: WebSocketServer[] = [];
afterEach(async () => {
  await client.closeAll();
  for (const server of servers.splice(0)) await server.close({ timeout: 500 });
});

let prefixes = 0;
/** A server with the relay on a broker of its own on the test's Redis; every test gets keys of its own. */
async function serve(options: RedisBrokerOptions, prefix: string): Promise<{ server: WebSocketServer; broker: RedisBroker; url: string }> {
  const broker = createRedisBroker({
    url: redis.url,
    prefix,
    reconnect: { initial: 20, max: 200 },
    probe: { interval: 50, timeout: 300 },
    ...options,
  });
  const server = createLiveServer({ topics: { broker, stamp: stampOffset } });
  servers.push(server);
  server.register(relayPath, relayService(server));
  const { url } = await server.listen();
  await broker.healthy(5_000);
  return { server, broker, url };
}

async function pair(options: RedisBrokerOptions) {
  const prefix = `t${(prefixes += 1)}:`;
  return [await serve(options, prefix), await serve(options, prefix)] as const;
}

const all = (clients: readonly RelayClient[], n: number): boolean => clients.every((c) => c.texts.length >= n);

describe.each(['pubsub', 'streams'] as const)('%s mode across two servers', (mode) => {
  it('a publish on one reaches the subscribers of both, once and in order; accepted settles', async () => {
    const [a, b] = await pair({ mode });
    const clients = [
      await relayClient(client, () => a.url),
      await relayClient(client, () => a.url),
      await relayClient(client, () => b.url),
      await relayClient(client, () => b.url),
    ];
    await waitFor(() => a.server.connections().length === 2 && b.server.connections().length === 2, 2_000, 'connected');
    await waitFor(() => a.broker.subscribed.has('lobby') && b.broker.subscribed.has('lobby'), 2_000, 'subscribed');
    for (let i = 0; i < 20; i += 1) await (clients[i % 4] as RelayClient).send(`c${i % 4}:${i}`);
    // A publish's frame can reach every subscriber before Redis answers its publisher (the publishing server fans
    // out locally, and Redis pushes to the others before it replies), so the answers are waited for on their own.
    await waitFor(() => all(clients, 20), 5_000, 'every client has every message');
    await waitFor(() => clients.every((c) => c.acc.length >= 5), 5_000, 'every publish answered accepted');
    for (const c of clients) {
      expect(c.texts).toHaveLength(20);
      expect(orderProblems(c.texts)).toEqual([]);
      expect(c.acc).toHaveLength(5);
    }
    if (mode === 'streams') {
      // Every process delivers in the stream's order: the same order everywhere, with increasing offsets.
      for (const c of clients) expect(c.offsets).toEqual((clients[0] as RelayClient).offsets);
    }
    const publication = a.server.publish('lobby', Frame.text('x:1'));
    const receipt = await publication.accepted;
    if (mode === 'streams') {
      expect(receipt.offset).toMatch(/^\d+-\d+$/);
      expect(publication.delivered).toBe(0);
    } else {
      expect(receipt.offset).toBeUndefined();
      expect(publication.delivered).toBe(2);
    }
    expect(a.server.health()).toEqual({ ok: true });
  });

  it('unsubscribes a topic in Redis when its last local subscriber leaves', async () => {
    const [a] = await pair({ mode });
    const one = await relayClient(client, () => a.url, { topic: 'room' });
    const two = await relayClient(client, () => a.url, { topic: 'room' });
    await waitFor(() => a.broker.subscribed.has('room'), 2_000, 'subscribed');
    await one.close();
    await waitFor(() => a.server.connections().length === 1, 2_000, 'one left');
    expect(a.broker.subscribed.has('room')).toBe(true);
    await two.close();
    await waitFor(() => !a.broker.subscribed.has('room'), 2_000, 'unsubscribed');
    if (mode === 'pubsub') {
      const probe = createClient({ url: redis.url });
      await probe.connect();
      const channels = (await probe.sendCommand(['PUBSUB', 'SHARDCHANNELS', '*room*'])) as string[];
      await probe.close();
      expect(channels).toEqual([]);
    }
  });
});

describe('any server of the project takes the broker', () => {
  it("the memory network's server, a test double, shares a topic with a live server through Redis", async () => {
    const [live] = await pair({ mode: 'pubsub' });
    const prefix = `t${prefixes}:`; // the pair's
    const broker = createRedisBroker({ url: redis.url, prefix, probe: { interval: 50, timeout: 300 } });
    const network = createMemoryNetwork({ topics: { broker } });
    network.server.register(relayPath, relayService(network.server));
    servers.push(network.server);
    await broker.healthy(5_000);
    const remote = await relayClient(network.client, () => 'ws://test');
    const local = await relayClient(client, () => live.url);
    await waitFor(() => broker.subscribed.has('lobby') && live.broker.subscribed.has('lobby'), 2_000, 'subscribed');
    await local.send('l:1');
    await remote.send('r:1');
    await waitFor(() => all([remote, local], 2), 2_000, 'both have both');
    expect(new Set(remote.texts)).toEqual(new Set(['l:1', 'r:1']));
    await network.client.closeAll();
  });
});

describe('streams mode: offsets and replay', () => {
  it('a client that comes back with its last offset gets exactly what it missed, then the live frames', async () => {
    const [a, b] = await pair({ mode: 'streams' });
    const publisher = await relayClient(client, () => a.url);
    const reader = await relayClient(client, () => b.url);
    await waitFor(() => b.broker.subscribed.has('lobby'), 2_000, 'subscribed');
    for (let i = 0; i < 5; i += 1) await publisher.send(`p:${i}`);
    await waitFor(() => reader.texts.length === 5, 2_000, 'five');
    const last = reader.offsets.at(-1);
    await reader.close();
    for (let i = 5; i < 12; i += 1) await publisher.send(`p:${i}`);
    await waitFor(() => publisher.acc.length === 12, 2_000, 'published');
    const back = await relayClient(client, () => a.url, { after: last });
    for (let i = 12; i < 15; i += 1) await publisher.send(`p:${i}`);
    await waitFor(() => back.texts.length === 10, 2_000, 'the missed seven and three live');
    expect(back.texts).toEqual(Array.from({ length: 10 }, (_, i) => `p:${i + 5}`));
    expect(back.resync).toEqual([]);
  });

  it('says resync when the history is shorter than what the client missed', async () => {
    const [a] = await pair({ mode: 'streams', maxLength: 5, trim: 'exact' });
    const publisher = await relayClient(client, () => a.url);
    for (let i = 0; i < 3; i += 1) await publisher.send(`p:${i}`);
    await waitFor(() => publisher.texts.length === 3, 2_000, 'three');
    const first = publisher.offsets[0];
    // One at a time: a burst longer than the history could be trimmed before the live reader has it (which would
    // close the publisher's connection: frames lost).
    for (let i = 3; i < 12; i += 1) {
      await publisher.send(`p:${i}`);
      await waitFor(() => publisher.texts.length === i + 1, 2_000, `p:${i}`);
    }
    const late = await relayClient(client, () => a.url, { after: first });
    await waitFor(() => late.resync.length === 1, 2_000, 'resync');
    expect(late.resync[0]).toMatch(/trimmed/);
    expect(late.texts).toEqual([]);
    // Within the history, a resume replays.
    const recent = await relayClient(client, () => a.url, { after: publisher.offsets[8] });
    await waitFor(() => recent.texts.length === 3, 2_000, 'the last three');
    expect(recent.texts).toEqual(['p:9', 'p:10', 'p:11']);
    // An offset that is not one, or from a stream that is not there.
    const bogus = await relayClient(client, () => a.url, { after: 'yesterday', topic: 'lobby' });
    const gone = await relayClient(client, () => a.url, { after: '1-0', topic: 'nothing-here' });
    await waitFor(() => bogus.resync.length === 1 && gone.resync.length === 1, 2_000, 'resyncs');
    expect(bogus.resync[0]).toMatch(/not an offset/);
    expect(gone.resync[0]).toMatch(/no history/);
  });
});

describe('faults', () => {
  it('pub/sub with Redis down: publishes reject (delivered nowhere), health says so; after the restart it resubscribes', async () => {
    const [a, b] = await pair({ mode: 'pubsub' });
    const here = await relayClient(client, () => a.url);
    const there = await relayClient(client, () => b.url);
    await waitFor(() => b.broker.subscribed.has('lobby'), 2_000, 'subscribed');
    await here.send('h:0');
    await waitFor(() => there.texts.length === 1, 2_000, 'before');
    await redis.kill();
    await waitFor(() => !a.server.health().ok && !b.server.health().ok, 2_000, 'unhealthy');
    expect(a.server.health().reason).toMatch(/^broker unavailable/);
    const publication = a.server.publish('lobby', Frame.text('h:1'));
    expect(publication.delivered).toBe(0);
    await expect(publication.accepted).rejects.toMatchObject({ _tag: 'BrokerUnavailableError', topic: 'lobby' });
    await here.send('h:2');
    await waitFor(() => here.rej.length === 1, 2_000, 'rejected');
    await redis.restart();
    await Promise.all([a.broker.healthy(10_000), b.broker.healthy(10_000)]);
    await waitFor(() => b.broker.subscribed.has('lobby'), 2_000, 'still subscribed');
    await here.send('h:3');
    await waitFor(() => there.texts.length === 2, 5_000, 'after the restart');
    expect(there.texts).toEqual(['h:0', 'h:3']);
    expect(here.texts).toEqual(['h:0', 'h:3']);
  }, 30_000);

  it('health is false while delivery stalls on a live connection (Redis paused)', async () => {
    const [a] = await pair({ mode: 'streams' });
    const admin = createClient({ url: redis.url });
    await admin.connect();
    await admin.sendCommand(['CLIENT', 'PAUSE', '1000', 'ALL']);
    await waitFor(() => !a.server.health().ok, 2_000, 'unhealthy while paused');
    expect(a.server.health().reason).toMatch(/delivery stalled/);
    await a.broker.healthy(5_000);
    await admin.close();
  }, 15_000);
});

describe('shutdown', () => {
  it.each(['pubsub', 'streams'] as const)(
    '%s: a server closes within its bound while Redis does not answer',
    async (mode) => {
      const [a, b] = await pair({ mode });
      const subscriber = await relayClient(client, () => a.url);
      await subscriber.send('x:1');
      await waitFor(() => subscriber.texts.length === 1, 2_000, 'delivered');
      await client.closeAll();
      const admin = createClient({ url: redis.url });
      await admin.connect();
      // Redis holds every command for 6 s: a graceful QUIT would wait that long for its reply.
      await admin.sendCommand(['CLIENT', 'PAUSE', '6000', 'ALL']);
      servers.splice(servers.indexOf(a.server), 1);
      await within(a.server.close({ timeout: 500 }), 4_000, 'the server close');
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
      await admin.close();
      await b.broker.healthy(5_000);
    },
    15_000,
  );
});

describe('a dead subscription on a live connection', () => {
  it('pub/sub: health is false while Redis refuses a topic (an ACL), and true once the retry gets through', async () => {
    const admin = createClient({ url: redis.url });
    await admin.connect();
    const prefix = `acl${(prefixes += 1)}:`;
    await admin.sendCommand(['ACL', 'SETUSER', 'limited', 'on', 'nopass', '~*', '+@all', 'resetchannels', `&${prefix}probe:*`]);
    const { server, broker, url } = await serve({ mode: 'pubsub', client: { username: 'limited', password: 'any' } }, prefix);
    expect(server.health()).toEqual({ ok: true });
    await relayClient(client, () => url);
    await waitFor(() => !server.health().ok, 2_000, 'unhealthy');
    expect(server.health().reason).toMatch(/subscribing to "lobby" failed/);
    await admin.sendCommand(['ACL', 'SETUSER', 'limited', 'allchannels']);
    await waitFor(() => server.health().ok && broker.subscribed.has('lobby'), 2_000, 'healthy again');
    await admin.sendCommand(['ACL', 'DELUSER', 'limited']);
    await admin.close();
  });
});

describe('resources', () => {
  it('leaves no handle behind once its servers are closed', async () => {
    const baseline = activeHandles();
    for (const mode of ['pubsub', 'streams'] as const) {
      const [a, b] = await pair({ mode });
      const one = await relayClient(client, () => a.url);
      await relayClient(client, () => b.url);
      await one.send('x:1');
      await waitFor(() => one.texts.length === 1, 2_000, 'delivered');
      await client.closeAll();
      await a.server.close();
      await b.server.close();
      servers.length = 0;
    }
    expect(await settledHandles(baseline)).toEqual({});
  });
});
