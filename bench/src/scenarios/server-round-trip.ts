import { schedule } from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import type { LoadProcess, ServerProcess } from '../server-side/fleet.js';
import { isRefServer, serverBaseline, type ServerKey } from '../server-side/keys.js';
import { quantile, ratios, spread, summarize, type Spread, type Summary } from '../stats.js';

/**
 * Server round trip: one connection per server from the load process, one 64 B message at a time, timed in the load
 * process from the write to the complete echo. The servers take turns in batches, each batch starting with a few
 * untimed round trips (the first after the other server's turn pay for cold caches).
 */
export interface ServerRoundTripRow {
  readonly server: ServerKey;
  /** Over all batches pooled; min and max are those of single batches. */
  readonly p50: Summary;
  readonly p99: Summary;
  /** Over raw ws's p50 and p99 in the same round. */
  readonly p50Ratio: Spread;
  readonly p99Ratio: Spread;
  readonly vsRef?: { readonly p50: Spread; readonly p99: Spread };
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

function percentiles(micros: readonly number[]): Percentiles {
  const sorted = Float64Array.from(micros).sort();
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

const groupOf = (key: ServerKey): string => `rt:${key}`;

export async function runServerRoundTrip(
  config: BenchConfig['server']['roundTrip'],
  servers: ReadonlyMap<ServerKey, ServerProcess>,
  load: LoadProcess,
  progress: (line: string) => void,
): Promise<ServerRoundTripRow[]> {
  const keys = [...servers.keys()];
  const { size } = config;
  const batches = new Map<ServerKey, number[][]>(keys.map((key) => [key, []]));
  for (const key of keys) {
    await load.request({
      task: 'open',
      group: groupOf(key),
      port: (servers.get(key) as ServerProcess).port,
      path: '/echo',
      count: 1,
      batch: 1,
    });
  }
  try {
    for (const key of keys) await load.request({ task: 'rt.batch', group: groupOf(key), size, warmup: config.warmup, count: 0 });
    for (let round = 0; round < config.rounds; round += 1) {
      for (const key of schedule(keys, round)) {
        const { micros } = await load.request<{ micros: number[] }>({
          task: 'rt.batch',
          group: groupOf(key),
          size,
          warmup: config.batchWarmup,
          count: config.count,
        });
        batches.get(key)?.push(micros);
      }
    }
  } finally {
    for (const key of keys) await load.request({ task: 'close', group: groupOf(key) });
  }
  progress(`server round trip: ${config.rounds} rounds of ${config.count}`);
  const perRound = new Map([...batches].map(([key, own]) => [key, own.map(percentiles)]));
  const base = perRound.get(serverBaseline) ?? [];
  const p50 = (round: Percentiles): number => round.p50;
  const p99 = (round: Percentiles): number => round.p99;
  return keys.map((server) => {
    const rounds = perRound.get(server) ?? [];
    const all = percentiles((batches.get(server) ?? []).flat());
    const twin = server === 'live' ? perRound.get('live@ref') : undefined;
    const pooled = (value: number, pick: (round: Percentiles) => number): Summary => {
      const range = summarize(rounds.map(pick));
      return { median: value, min: range.min, max: range.max };
    };
    return {
      server,
      p50: pooled(all.p50, p50),
      p99: pooled(all.p99, p99),
      p50Ratio: spread(ratios(rounds, base, p50)),
      p99Ratio: spread(ratios(rounds, base, p99)),
      ...(twin === undefined || isRefServer(server)
        ? {}
        : { vsRef: { p50: spread(ratios(rounds, twin, p50)), p99: spread(ratios(rounds, twin, p99)) } }),
    };
  });
}
