import { startClientProcess } from '../child.js';
import {
  baseline,
  isRef,
  schedule,
  twinOf,
  type ClientAdapter,
  type ClientKey,
  type ClientName,
  type Session,
} from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import type { BenchServer } from '../server.js';
import { ratios, spread, summarize, type Spread, type Summary } from '../stats.js';
import { collectGarbage, readMemory, sleep } from '../timing.js';

/** Memory per idle connection: a fresh process opens many connections and nothing flows on them. */
export interface IdleTask {
  readonly task: 'idle';
  readonly client: ClientKey;
  readonly url: string;
  readonly connections: number;
  readonly settleMs: number;
}

export interface IdleSample {
  /** How many opened: fewer than asked when the machine refused more (file descriptors, ports). */
  readonly connections: number;
  readonly heapPerConnection: number;
  readonly rssPerConnection: number;
  readonly failure?: string;
}

export const idleClients: readonly ClientName[] = ['ws-json', 'live-frames'];

const batch = 250;
// Held until the process exits, so that nothing of the connections can be collected before the reading.
const held: Session[] = [];

/** Opens `count` connections, `batch` at a time; stops at the first refusal and reports it. */
async function openMany(adapter: ClientAdapter, url: string, count: number): Promise<string | undefined> {
  const open = adapter.idle as NonNullable<ClientAdapter['idle']>;
  while (held.length < count) {
    const results = await Promise.allSettled(Array.from({ length: Math.min(batch, count - held.length) }, () => open(url)));
    for (const result of results) if (result.status === 'fulfilled') held.push(result.value);
    const refused = results.find((result) => result.status === 'rejected');
    if (refused !== undefined) return String(refused.reason);
  }
  return undefined;
}

/** In the client process (one per measurement, so each client starts from the same clean heap). */
export async function measureIdle(adapter: ClientAdapter, task: IdleTask): Promise<IdleSample> {
  if (adapter.idle === undefined) throw new Error(`${task.client} has no idle adapter`);
  // One connection first, outside the count: lazy module state and first-use caches are not per connection.
  await adapter.idle(task.url);
  collectGarbage();
  await sleep(100);
  collectGarbage();
  const before = readMemory();
  const failure = await openMany(adapter, task.url, task.connections);
  await sleep(task.settleMs);
  collectGarbage();
  collectGarbage();
  const after = readMemory();
  const count = held.length;
  return {
    connections: count,
    heapPerConnection: (after.heap - before.heap) / count,
    rssPerConnection: (after.rss - before.rss) / count,
    ...(failure === undefined ? {} : { failure }),
  };
}

export interface IdleRow {
  readonly client: ClientKey;
  readonly connections: number;
  readonly heapPerConnection: Summary;
  readonly rssPerConnection: Summary;
  readonly heapRatio: Summary;
  readonly rssRatio: Summary;
  readonly failure?: string;
  /** With `--compare`, on a working tree client: bytes per connection over its ref twin's in the same repetition. */
  readonly vsRef?: { readonly rssPerConnection: Spread; readonly heapPerConnection: Spread };
}

export async function runIdle(
  config: BenchConfig['idle'],
  server: BenchServer,
  progress: (line: string) => void,
  clients: readonly ClientKey[] = idleClients,
): Promise<IdleRow[]> {
  const samples = new Map<ClientKey, IdleSample[]>(clients.map((client) => [client, []]));
  for (let repetition = 0; repetition < config.repetitions; repetition += 1) {
    for (const client of schedule(clients, repetition)) {
      const child = startClientProcess(client, { manyFiles: true, nodeArgs: ['--expose-gc'] });
      const { connections, settleMs } = config;
      const task: IdleTask = { task: 'idle', client, url: server.url('/idle'), connections, settleMs };
      samples.get(client)?.push(await child.request<IdleSample>(task));
      await child.stop();
      // Let the server close the previous process's sockets before the next one opens its own.
      await sleep(settleMs);
    }
    progress(`idle connections: repetition ${repetition + 1}/${config.repetitions}`);
  }
  return clients.map((client) => idleRow(client, samples));
}

function idleRow(client: ClientKey, samples: ReadonlyMap<ClientKey, IdleSample[]>): IdleRow {
  const own = samples.get(client) ?? [];
  const base = samples.get(baseline) ?? [];
  const twin = isRef(client) ? undefined : samples.get(twinOf(client));
  const failure = own.find((sample) => sample.failure !== undefined)?.failure;
  const ratio = (pick: (sample: IdleSample) => number): Summary => summarize(ratios(own, base, pick));
  const rss = (sample: IdleSample): number => sample.rssPerConnection;
  const heap = (sample: IdleSample): number => sample.heapPerConnection;
  return {
    client,
    connections: Math.min(...own.map((sample) => sample.connections)),
    heapPerConnection: summarize(own.map(heap)),
    rssPerConnection: summarize(own.map(rss)),
    heapRatio: ratio(heap),
    rssRatio: ratio(rss),
    ...(failure === undefined ? {} : { failure }),
    ...(twin === undefined
      ? {}
      : { vsRef: { rssPerConnection: spread(ratios(own, twin, rss)), heapPerConnection: spread(ratios(own, twin, heap)) } }),
  };
}
