import { schedule } from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import type { EchoReading } from '../load-process.js';
import type { LoadProcess, ServerProcess } from '../server-side/fleet.js';
import { isRefServer, serverBaseline, type ServerKey } from '../server-side/keys.js';
import type { CpuReading } from '../server-process.js';
import { ratios, spread, summarize, type Spread, type Summary } from '../stats.js';
import { sleep } from '../timing.js';

/**
 * Server echo throughput. One load process keeps `connections` connections to every server, and loads one server at
 * a time: it writes pre-built masked messages with a bounded window in flight per connection and counts the echoes
 * without decoding them, so the server process is the bottleneck. Round after round, every server gets a short
 * window in turn (the others idle), and each ratio is taken within one round, as in the client benchmark.
 */
export interface ServerEchoRow {
  readonly size: number;
  readonly server: ServerKey;
  readonly messagesPerSecond: Summary;
  readonly mibPerSecond: Summary;
  /** User + system CPU time of the server process per echoed message. */
  readonly cpuMicrosPerMessage: Summary;
  /** The share of one core the server process used during the window: near 1 when it was the bottleneck. */
  readonly serverBusy: Summary;
  /** The same for the load process: well under 1, or the load would have set the pace. */
  readonly loadBusy: Summary;
  /** msgs/s over raw ws's in the same round. */
  readonly ratio: Spread;
  /** CPU per message over raw ws's in the same round (lower is better). */
  readonly cpuRatio: Spread;
  /** With `--compare`, on the working tree's server: over the ref's window of the same round. */
  readonly vsRef?: { readonly messagesPerSecond: Spread; readonly cpuMicrosPerMessage: Spread };
}

interface Window {
  readonly messages: number;
  readonly seconds: number;
  readonly cpuMicros: number;
  readonly loadCpuMicros: number;
}

const groupOf = (key: ServerKey): string => `echo:${key}`;

async function measureWindow(
  load: LoadProcess,
  server: ServerProcess,
  size: number,
  config: BenchConfig['server']['echo'],
): Promise<Window> {
  const group = groupOf(server.key);
  await load.request({ task: 'echo.start', group, size, blockBytes: config.blockBytes, windowBytes: config.windowBytes });
  await sleep(config.settleMs);
  const read = (): Promise<[EchoReading, CpuReading]> =>
    Promise.all([load.request<EchoReading>({ task: 'echo.read', group }), server.request<CpuReading>({ task: 'cpu' })]);
  const [start, startCpu] = await read();
  await sleep(config.windowMs);
  const [end, endCpu] = await read();
  await load.request({ task: 'echo.stop', group });
  return {
    messages: end.frames - start.frames,
    seconds: (end.ms - start.ms) / 1000,
    cpuMicros: endCpu.cpuMicros - startCpu.cpuMicros,
    loadCpuMicros: end.cpuMicros - start.cpuMicros,
  };
}

export async function runServerEcho(
  config: BenchConfig['server']['echo'],
  servers: ReadonlyMap<ServerKey, ServerProcess>,
  load: LoadProcess,
  progress: (line: string) => void,
): Promise<ServerEchoRow[]> {
  const keys = [...servers.keys()];
  const serverOf = (key: ServerKey): ServerProcess => servers.get(key) as ServerProcess;
  for (const key of keys) {
    await load.request({
      task: 'open',
      group: groupOf(key),
      port: serverOf(key).port,
      path: '/echo',
      count: config.connections,
      batch: config.connections,
    });
  }
  const rows: ServerEchoRow[] = [];
  try {
    for (const size of config.sizes) {
      for (const key of keys) {
        const group = groupOf(key);
        await load.request({ task: 'echo.start', group, size, blockBytes: config.blockBytes, windowBytes: config.windowBytes });
        await sleep(config.warmupMs);
        await load.request({ task: 'echo.stop', group });
      }
      const windows = new Map<ServerKey, Window[]>(keys.map((key) => [key, []]));
      for (let round = 0; round < config.rounds; round += 1) {
        for (const key of schedule(keys, round)) windows.get(key)?.push(await measureWindow(load, serverOf(key), size, config));
      }
      progress(`server echo ${size} B: ${config.rounds} rounds of ${keys.length} servers`);
      rows.push(...keys.map((key) => echoRow(size, key, windows)));
    }
  } finally {
    for (const key of keys) await load.request({ task: 'close', group: groupOf(key) });
  }
  return rows;
}

function echoRow(size: number, server: ServerKey, windows: ReadonlyMap<ServerKey, Window[]>): ServerEchoRow {
  const own = windows.get(server) ?? [];
  const base = windows.get(serverBaseline) ?? [];
  const rate = (window: Window): number => window.messages / window.seconds;
  const cpu = (window: Window): number => window.cpuMicros / window.messages;
  const twin = server === 'live' ? windows.get('live@ref') : undefined;
  return {
    size,
    server,
    messagesPerSecond: summarize(own.map(rate)),
    mibPerSecond: summarize(own.map((window) => (rate(window) * size) / (1024 * 1024))),
    cpuMicrosPerMessage: summarize(own.map(cpu)),
    serverBusy: summarize(own.map((window) => window.cpuMicros / 1e6 / window.seconds)),
    loadBusy: summarize(own.map((window) => window.loadCpuMicros / 1e6 / window.seconds)),
    ratio: spread(ratios(own, base, rate)),
    cpuRatio: spread(ratios(own, base, cpu)),
    ...(twin === undefined || isRefServer(server)
      ? {}
      : { vsRef: { messagesPerSecond: spread(ratios(own, twin, rate)), cpuMicrosPerMessage: spread(ratios(own, twin, cpu)) } }),
  };
}
