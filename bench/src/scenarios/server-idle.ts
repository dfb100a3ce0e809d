import { schedule } from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import { closeSpread, openSpread, startServerProcess, type LoadProcess } from '../server-side/fleet.js';
import { isRefServer, serverBaseline, type ServerKey } from '../server-side/keys.js';
import { ratios, summarize, type Summary } from '../stats.js';
import { sleep, type MemoryReading } from '../timing.js';

/**
 * Memory per idle server connection: a fresh server process per measurement (so each starts from the same clean
 * heap) accepts one connection first (lazy module state and first-use caches are not per connection), reads its
 * memory after full collections, accepts `connections` more from the load processes (its echo service attached,
 * nothing flowing), waits, and reads again. The difference over the count is what a connection costs the server.
 */
interface ServerIdleSample {
  readonly connections: number;
  readonly rssPerConnection: number;
  readonly heapPerConnection: number;
  readonly failure?: string;
}

export interface ServerIdleRow {
  readonly server: ServerKey;
  readonly asked: number;
  readonly connections: number;
  readonly rssPerConnection: Summary;
  readonly heapPerConnection: Summary;
  /** Over raw ws's in the same repetition. */
  readonly rssRatio: Summary;
  readonly heapRatio: Summary;
  readonly failure?: string;
  readonly vsRef?: { readonly rssPerConnection: Summary; readonly heapPerConnection: Summary };
}

async function measure(key: ServerKey, loads: readonly LoadProcess[], count: number, settleMs: number): Promise<ServerIdleSample> {
  const server = await startServerProcess(key);
  try {
    await openSpread(loads.slice(0, 1), server, '/echo', 'idle-warm', 1);
    const before = await server.request<MemoryReading>({ task: 'memory' });
    const { opened, failure } = await openSpread(loads, server, '/echo', 'idle', count);
    await sleep(settleMs);
    const after = await server.request<MemoryReading>({ task: 'memory' });
    await closeSpread(loads, server, '/echo', 'idle', 1);
    await closeSpread(loads.slice(0, 1), server, '/echo', 'idle-warm');
    return {
      connections: opened,
      rssPerConnection: (after.rss - before.rss) / opened,
      heapPerConnection: (after.heap - before.heap) / opened,
      ...(failure === undefined ? {} : { failure }),
    };
  } finally {
    await server.stop();
  }
}

export async function runServerIdle(
  config: BenchConfig['server']['idle'],
  keys: readonly ServerKey[],
  loads: readonly LoadProcess[],
  maxConnections: number,
  progress: (line: string) => void,
): Promise<ServerIdleRow[]> {
  const count = Math.min(config.connections, maxConnections);
  const samples = new Map<ServerKey, ServerIdleSample[]>(keys.map((key) => [key, []]));
  for (let repetition = 0; repetition < config.repetitions; repetition += 1) {
    for (const key of schedule(keys, repetition)) {
      samples.get(key)?.push(await measure(key, loads, count, config.settleMs));
      await sleep(config.settleMs);
    }
    progress(`server idle connections: repetition ${repetition + 1}/${config.repetitions}`);
  }
  return keys.map((server) => {
    const own = samples.get(server) ?? [];
    const base = samples.get(serverBaseline) ?? [];
    const twin = server === 'live' ? samples.get('live@ref') : undefined;
    const rss = (sample: ServerIdleSample): number => sample.rssPerConnection;
    const heap = (sample: ServerIdleSample): number => sample.heapPerConnection;
    const failure = own.find((sample) => sample.failure !== undefined)?.failure;
    return {
      server,
      asked: config.connections,
      connections: Math.min(...own.map((sample) => sample.connections)),
      rssPerConnection: summarize(own.map(rss)),
      heapPerConnection: summarize(own.map(heap)),
      rssRatio: summarize(ratios(own, base, rss)),
      heapRatio: summarize(ratios(own, base, heap)),
      ...(failure === undefined ? {} : { failure }),
      ...(twin === undefined || isRefServer(server)
        ? {}
        : { vsRef: { rssPerConnection: summarize(ratios(own, twin, rss)), heapPerConnection: summarize(ratios(own, twin, heap)) } }),
    };
  });
}
