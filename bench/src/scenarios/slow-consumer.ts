import { startClientProcess } from '../child.js';
import { isRef, schedule, twinOf, type ClientAdapter, type ClientKey, type ClientName, type ReceiveBuffer } from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import type { BenchServer } from '../server.js';
import { ratios, spread, summarize, type Spread, type Summary } from '../stats.js';
import { collectGarbage, readMemory, sleep, type MemoryReading } from '../timing.js';

/** Slow consumer: the server sends `slowdown` times faster than the application handles messages. */
export interface SlowTask {
  readonly task: 'slow';
  readonly client: ClientKey;
  readonly url: string;
  readonly consumeRate: number;
  readonly durationMs: number;
  readonly sampleMs: number;
  readonly receiveBuffer: ReceiveBuffer;
}

/** Memory over the process's own before the connection opened, every `sampleMs`. */
interface MemoryPoint extends MemoryReading {
  readonly ms: number;
}

export interface SlowSample {
  readonly points: readonly MemoryPoint[];
  readonly handled: number;
}

export const slowClients: readonly ClientName[] = ['live-for-await', 'ws-json', 'undici'];

/** An application step that takes its time: resolves when message `n` is due at `rate` messages a second. */
function pacer(rate: number): { consume: (seq: number) => Promise<void>; handled: () => number } {
  let start: number | undefined;
  let handled = 0;
  return {
    handled: () => handled,
    async consume() {
      start ??= performance.now();
      handled += 1;
      const wait = start + (handled * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
    },
  };
}

/** In the client process: open, consume slowly, sample memory until the duration is over. */
export async function measureSlow(adapter: ClientAdapter, task: SlowTask): Promise<SlowSample> {
  if (adapter.slow === undefined) throw new Error(`${task.client} has no slow adapter`);
  collectGarbage();
  const before = readMemory();
  const { consume, handled } = pacer(task.consumeRate);
  const start = performance.now();
  await adapter.slow(task.url, consume, task.receiveBuffer);
  const points: MemoryPoint[] = [];
  while (performance.now() - start < task.durationMs) {
    await sleep(task.sampleMs);
    const now = readMemory();
    points.push({ ms: Math.round(performance.now() - start), heap: now.heap - before.heap, rss: now.rss - before.rss });
  }
  // No close: the process ends with the measurement, and a paused live connection would first drain its backlog.
  return { points, handled: handled() };
}

export interface SlowRow {
  readonly client: ClientKey;
  readonly peakRss: Summary;
  readonly peakHeap: Summary;
  /** RSS growth over the second half of the run: near zero when memory is bounded. */
  readonly lateGrowth: Summary;
  readonly handled: Summary;
  /** The run with the median peak RSS, for the chart. */
  readonly points: readonly MemoryPoint[];
  /** With `--compare`, on a working tree client: its peaks over its ref twin's in the same repetition. */
  readonly vsRef?: { readonly peakRss: Spread; readonly peakHeap: Spread };
}

export async function runSlow(
  config: BenchConfig['slowConsumer'],
  server: BenchServer,
  progress: (line: string) => void,
  clients: readonly ClientKey[] = slowClients,
): Promise<SlowRow[]> {
  const samples = new Map<ClientKey, SlowSample[]>(clients.map((client) => [client, []]));
  const url = server.url(`/paced/${config.size}/${config.serverRate}`);
  const consumeRate = config.serverRate / config.slowdown;
  for (let repetition = 0; repetition < config.repetitions; repetition += 1) {
    for (const client of schedule(clients, repetition)) {
      const child = startClientProcess(client, { nodeArgs: ['--expose-gc'] });
      const { durationMs, sampleMs, receiveBuffer } = config;
      const task: SlowTask = { task: 'slow', client, url, consumeRate, durationMs, sampleMs, receiveBuffer };
      samples.get(client)?.push(await child.request<SlowSample>(task));
      await child.stop();
    }
    progress(`slow consumer: repetition ${repetition + 1}/${config.repetitions}`);
  }
  return clients.map((client) => slowRow(client, samples));
}

const peak = (sample: SlowSample, pick: (point: MemoryPoint) => number): number => Math.max(...sample.points.map(pick));

function slowRow(client: ClientKey, samples: ReadonlyMap<ClientKey, SlowSample[]>): SlowRow {
  const own = samples.get(client) ?? [];
  const twin = isRef(client) ? undefined : samples.get(twinOf(client));
  const rss = (sample: SlowSample): number => peak(sample, (point) => point.rss);
  const heap = (sample: SlowSample): number => peak(sample, (point) => point.heap);
  const byPeak = [...own].sort((a, b) => rss(a) - rss(b));
  const late = (sample: SlowSample): number => {
    const points = sample.points;
    return (points.at(-1)?.rss ?? 0) - (points[Math.floor(points.length / 2)]?.rss ?? 0);
  };
  return {
    client,
    peakRss: summarize(own.map(rss)),
    peakHeap: summarize(own.map(heap)),
    lateGrowth: summarize(own.map(late)),
    handled: summarize(own.map((sample) => sample.handled)),
    points: byPeak[Math.floor(byPeak.length / 2)]?.points ?? [],
    ...(twin === undefined ? {} : { vsRef: { peakRss: spread(ratios(own, twin, rss)), peakHeap: spread(ratios(own, twin, heap)) } }),
  };
}
