import { createLiveClient } from '@aws/client-live';
import { startRedisServer, type TestRedis, waitFor } from '@aws/test-utils';
import { createClient } from '@redis/client';
import { afterEach, describe, expect, it } from 'vitest';
import { orderProblems, relayClient, type RelayClient } from './testing/relay-client.js';
import { type ServerProcess, startServerProcess } from './testing/server-fleet.js';

// The numbers: three server processes on one Redis, 300 clients spread over them.
const processes = 3;
const clients = 300;

const client = createLiveClient();
let redis: TestRedis | undefined;
let fleet: ServerProcess[] = [];
afterEach(async () => {
  await client.closeAll();
  await Promise.all(fleet.map((server) => server.close()));
  fleet = [];
  await redis?.stop();
  redis = undefined;
});

async function start(mode: 'pubsub' | 'streams', persistence = false): Promise<TestRedis> {
  redis = await startRedisServer({ persistence });
  const url = redis.url;
  fleet = await Promise.all(Array.from({ length: processes }, () => startServerProcess(url, mode)));
  return redis;
}

/** `count` clients, client i on server i mod 3 (or, reconnecting, on any live server `pick` gives). */
async function connect(count: number, options: { readonly reconnect?: boolean; readonly alive?: () => readonly ServerProcess[] } = {}) {
  let next = 0;
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const first = fleet[i % processes] as ServerProcess;
      let opened = false;
      const pick = (): string => {
        if (!opened) {
          opened = true;
          return first.url;
        }
        const alive = options.alive?.() ?? fleet;
        return (alive[(next += 1) % alive.length] as ServerProcess).url;
      };
      return relayClient(client, pick, { reconnect: options.reconnect ?? false });
    }),
  );
}

async function everySubscribed(servers: readonly ServerProcess[] = fleet): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await Promise.all(servers.map((server) => server.subscribed('lobby')))).every(Boolean)) {
    if (Date.now() > deadline) throw new Error('not every process reads the topic');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function everyHealth(ok: boolean, servers: readonly ServerProcess[] = fleet): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await Promise.all(servers.map((server) => server.health()))).every((health) => health.ok === ok)) {
    if (Date.now() > deadline) throw new Error(`the processes did not all become ${ok ? 'healthy' : 'unhealthy'}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every client publishes `c<i>:<round>`; resolves once each has its answer (or after `timeout`, for answers lost
 * with a killed server). */
async function round(all: readonly RelayClient[], n: number, timeout = 10_000): Promise<void> {
  const answered = (c: RelayClient): boolean => c.acc.includes(`${c.id}:${n}`) || c.rej.includes(`${c.id}:${n}`);
  await Promise.all(all.map((c) => c.send(`${c.id}:${n}`).catch(() => {})));
  await waitFor(() => all.every(answered), timeout, `round ${n} answered`).catch(() => {});
}

const accepted = (all: readonly RelayClient[]): Set<string> => new Set(all.flatMap((c) => c.acc));
const rejected = (all: readonly RelayClient[]): Set<string> => new Set(all.flatMap((c) => c.rej));

describe.each(['pubsub', 'streams'] as const)('%s: three processes, 300 clients', (mode) => {
  it('every subscriber gets every message once, in order per publisher', async () => {
    await start(mode);
    const all = await connect(clients);
    await everySubscribed();
    const perClient = 2;
    for (let n = 0; n < perClient; n += 1) for (const c of all) void c.send(`${c.id}:${n}`);
    const total = clients * perClient;
    await waitFor(() => all.every((c) => c.texts.length >= total), 30_000, 'every message everywhere').catch((error) => {
      const counts = new Map<number, number>();
      for (const c of all) counts.set(c.texts.length, (counts.get(c.texts.length) ?? 0) + 1);
      const acc = all.reduce((sum, c) => sum + c.acc.length, 0);
      const rej = all.reduce((sum, c) => sum + c.rej.length, 0);
      throw new Error(`${(error as Error).message}: ${JSON.stringify([...counts])} acc ${acc} rej ${rej}`);
    });
    for (const c of all) {
      expect(c.texts).toHaveLength(total);
      expect(orderProblems(c.texts)).toEqual([]);
    }
    if (mode === 'streams') for (const c of all) expect(c.offsets).toEqual((all[0] as RelayClient).offsets);
  }, 60_000);
});

describe('Redis killed and restarted mid-run', () => {
  it('pub/sub: publishes during the outage are rejected and reach no one; delivery resumes after', async () => {
    const running = await start('pubsub');
    const all = await connect(clients);
    await everySubscribed();
    await round(all, 0);
    await running.kill();
    await everyHealth(false);
    await round(all, 1);
    await running.restart();
    await everyHealth(true);
    await everySubscribed();
    await round(all, 3);
    const rej = rejected(all);
    for (const c of all) {
      // Those of the outage were rejected, every one.
      expect(c.rej).toEqual([`${c.id}:1`]);
      expect(orderProblems(c.texts)).toEqual([]);
      expect(c.texts.filter((text) => rej.has(text))).toEqual([]);
    }
    // Before and after the outage, nothing was lost.
    const expected = all.flatMap((c) => [`${c.id}:0`, `${c.id}:3`]);
    await waitFor(() => all.every((c) => c.texts.length >= expected.length), 10_000, 'rounds 0 and 3 everywhere');
    for (const c of all) expect(new Set(c.texts)).toEqual(new Set(expected));
  }, 90_000);

  it('streams: subscribers lose nothing that was accepted, and get nothing that was rejected', async () => {
    const running = await start('streams', true);
    const all = await connect(clients);
    await everySubscribed();
    await round(all, 0);
    await running.kill();
    await everyHealth(false);
    await round(all, 2);
    await running.restart();
    await everyHealth(true);
    await round(all, 3);
    const acc = accepted(all);
    const rej = rejected(all);
    expect(acc.size + rej.size).toBe(clients * 3);
    for (const c of all) expect(c.rej).toEqual([`${c.id}:2`]);
    await waitFor(() => all.every((c) => c.texts.length >= acc.size), 15_000, 'every accepted message everywhere');
    for (const c of all) {
      expect(c.texts).toHaveLength(acc.size);
      expect(new Set(c.texts)).toEqual(acc);
      expect(orderProblems(c.texts)).toEqual([]);
      expect(c.offsets).toEqual((all[0] as RelayClient).offsets);
    }
  }, 90_000);
});

describe('a server process killed while its clients reconnect to the others', () => {
  it('streams: with the client reconnection and its last offset, nothing is lost and nothing duplicated', async () => {
    const running = await start('streams');
    const victim = fleet[0] as ServerProcess;
    let alive: readonly ServerProcess[] = fleet;
    const all = await connect(clients, { reconnect: true, alive: () => alive });
    await everySubscribed();
    await round(all, 0);
    alive = fleet.slice(1);
    const killed = victim.kill();
    await round(all, 2, 3_000);
    await killed;
    await round(all, 3, 3_000);
    await round(all, 4);
    // The truth is the stream: every client must have it all, once, in its order.
    const redisClient = createClient({ url: running.url });
    await redisClient.connect();
    const stream = (await redisClient.xRange('aws:stream:lobby', '-', '+')) ?? [];
    await redisClient.close();
    const texts = stream.map((entry) => String(entry.message.d));
    await waitFor(() => all.every((c) => c.texts.length >= texts.length), 15_000, 'every client has the whole stream');
    const reconnected = all.filter((c) => c.connects > 1);
    expect(reconnected.length).toBe(clients / processes);
    for (const c of all) {
      expect(c.texts).toEqual(texts);
      expect(c.offsets).toEqual(stream.map((entry) => entry.id));
    }
    // What the survivors' clients published after the kill all went through.
    for (const c of all.filter((c) => c.connects === 1)) expect([texts.includes(`${c.id}:4`), c.acc, c.rej]).toEqual([true, c.acc, c.rej]);
  }, 90_000);
});
