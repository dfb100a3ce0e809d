import type { Child } from '../child.js';
import {
  baseline,
  isRef,
  schedule,
  twinOf,
  type ClientAdapter,
  type ClientKey,
  type ClientName,
  type EchoSession,
} from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import { tickJson } from '../payload.js';
import type { BenchServer } from '../server.js';
import { quantile, ratios, spread, summarize, type Spread, type Summary } from '../stats.js';

/**
 * Round trip: one request at a time to the echo route, timed from send to decoded answer. Each client keeps one
 * connection open and the clients take turns in short batches, so all of them see the same machine state.
 */
export type EchoTask =
  | { readonly task: 'echo.start'; readonly client: ClientKey; readonly url: string }
  | { readonly task: 'echo.batch'; readonly client: ClientKey; readonly size: number; readonly warmup: number; readonly count: number }
  | { readonly task: 'echo.stop'; readonly client: ClientKey };

/** The clients compared: the baseline and the live client with and without the typed pipeline. */
export const roundTripClients: readonly ClientName[] = ['ws-json', 'live-frames', 'live-pipeline'];

let session: EchoSession | undefined;

/** In the client process: `echo.batch` answers the times of `count` round trips, in microseconds. */
export async function performEcho(adapter: ClientAdapter, task: EchoTask): Promise<object> {
  switch (task.task) {
    case 'echo.start':
      if (adapter.echo === undefined) throw new Error(`${task.client} has no echo adapter`);
      session = await adapter.echo(task.url);
      return {};
    case 'echo.batch':
      return timeBatch(session as EchoSession, tickJson(1, task.size), task.warmup, task.count);
    case 'echo.stop':
      await session?.close();
      session = undefined;
      return {};
  }
}

/** `warmup` untimed round trips first: after waiting for the other clients' turns, the first ones pay for cold
 * caches, which would otherwise make up much of the p99 (and most for the client with the most code). */
async function timeBatch(echo: EchoSession, text: string, warmup: number, count: number): Promise<{ micros: number[] }> {
  for (let i = 0; i < warmup; i += 1) await echo.roundTrip(text);
  const micros = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await echo.roundTrip(text);
    micros[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return { micros: [...micros] };
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

function percentiles(micros: readonly number[]): Percentiles {
  const sorted = Float64Array.from(micros).sort();
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

/** The pooled percentile of all rounds as the headline, the spread of the rounds' own percentiles around it. */
function pooled(all: number, rounds: readonly number[]): Summary {
  const spread = summarize(rounds);
  return { median: all, min: spread.min, max: spread.max };
}

export interface RoundTripRow {
  readonly client: ClientKey;
  /** Over all rounds pooled; min and max are those of single rounds. */
  readonly p50: Summary;
  readonly p99: Summary;
  /** p99 over the baseline's p99 in the same round: median, min and max over the rounds. */
  readonly p99Ratio: Summary;
  /** With `--compare`, on a working tree client: its p50 and p99 over its ref twin's in the same round. */
  readonly vsRef?: { readonly p50: Spread; readonly p99: Spread };
}

export async function runRoundTrip(
  config: BenchConfig['roundTrip'],
  server: BenchServer,
  workers: ReadonlyMap<ClientKey, Child>,
  progress: (line: string) => void,
  clients: readonly ClientKey[] = roundTripClients,
): Promise<RoundTripRow[]> {
  const worker = (client: ClientKey): Child => workers.get(client) as Child;
  const { size } = config;
  for (const client of clients) {
    await worker(client).request({ task: 'echo.start', client, url: server.url('/echo') });
    await worker(client).request({ task: 'echo.batch', client, size, warmup: config.warmup, count: 0 });
  }
  const batches = new Map<ClientKey, number[][]>(clients.map((client) => [client, []]));
  for (let round = 0; round < config.rounds; round += 1) {
    for (const client of schedule(clients, round)) {
      const task: EchoTask = { task: 'echo.batch', client, size, warmup: config.batchWarmup, count: config.count };
      batches.get(client)?.push((await worker(client).request<{ micros: number[] }>(task)).micros);
    }
  }
  for (const client of clients) await worker(client).request({ task: 'echo.stop', client });
  progress(`round trip: ${config.rounds} rounds of ${config.count}`);
  const perRound = new Map([...batches].map(([client, own]) => [client, own.map(percentiles)]));
  const base = perRound.get(baseline) ?? [];
  return clients.map((client) => {
    const own = batches.get(client) ?? [];
    const rounds = perRound.get(client) ?? [];
    const all = percentiles(own.flat());
    const twin = isRef(client) ? undefined : perRound.get(twinOf(client));
    const p50 = (round: Percentiles): number => round.p50;
    const p99 = (round: Percentiles): number => round.p99;
    return {
      client,
      p50: pooled(all.p50, rounds.map(p50)),
      p99: pooled(all.p99, rounds.map(p99)),
      p99Ratio: summarize(ratios(rounds, base, p99)),
      ...(twin === undefined ? {} : { vsRef: { p50: spread(ratios(rounds, twin, p50)), p99: spread(ratios(rounds, twin, p99)) } }),
    };
  });
}
