/**
 * The server benchmark as `main.ts` runs it: starts the server processes and the load processes, runs the selected
 * server scenarios one after the other, and stops every process it started.
 */
import type { BenchConfig } from '../config.js';
import { runServerBroadcast, type BroadcastRow } from '../scenarios/server-broadcast.js';
import { runServerEcho, type ServerEchoRow } from '../scenarios/server-echo.js';
import { runServerIdle, type ServerIdleRow } from '../scenarios/server-idle.js';
import { runServerRoundTrip, type ServerRoundTripRow } from '../scenarios/server-round-trip.js';
import { cpus } from 'node:os';
import {
  fileLimit,
  liveEntry,
  setAffinity,
  spareFiles,
  startLoadProcess,
  startServerProcess,
  type LoadProcess,
  type ServerProcess,
} from './fleet.js';
import type { ServerKey } from './keys.js';

export const serverScenarios = ['serverEcho', 'serverRoundTrip', 'serverBroadcast', 'serverIdle'] as const;
type ServerScenario = (typeof serverScenarios)[number];

export interface ServerResults {
  readonly echo: readonly ServerEchoRow[];
  readonly roundTrip: readonly ServerRoundTripRow[];
  readonly broadcast: readonly BroadcastRow[];
  readonly idle: readonly ServerIdleRow[];
  /** The hard open-file limit of every server and load process, and how many load processes shared the load. */
  readonly fileLimit: number;
  readonly loadProcesses: number;
  /** The module each server process imported `@aws/server-live` from ('ws' for the baseline). */
  readonly entries: Readonly<Partial<Record<ServerKey, string>>>;
  /** Whether the round trip ran with the load and server processes pinned to one core (absent in older results). */
  readonly roundTripOneCore?: boolean;
}

export interface ServerRunOptions {
  readonly keys: readonly ServerKey[];
  /** Runs one scenario if selected, sampling the load average (main's `measure`). */
  readonly measure: <T>(scenario: ServerScenario, work: () => Promise<T[]>) => Promise<T[]>;
  readonly selected: ReadonlySet<string>;
  readonly profile: boolean;
  readonly progress: (line: string) => void;
}

export async function runServerBench(config: BenchConfig['server'], options: ServerRunOptions): Promise<ServerResults> {
  const { keys, measure, selected, progress } = options;
  const limit = fileLimit();
  // A server holds all of its connections; the load processes share those of every server that has them open at
  // once (all of them during a broadcast), so there are as many as the limit needs.
  const maxConnections = limit - spareFiles;
  const broadcastMost = selected.has('serverBroadcast')
    ? Math.min(Math.max(0, ...config.broadcast.connections), maxConnections) * keys.length
    : 0;
  const idleMost = selected.has('serverIdle') ? Math.min(config.idle.connections, maxConnections) + 1 : 0;
  const loadCount = Math.max(config.loadProcesses, Math.ceil(Math.max(broadcastMost, idleMost) / (limit - spareFiles)));
  const shared = selected.has('serverEcho') || selected.has('serverRoundTrip') || selected.has('serverBroadcast');
  const nodeArgs = options.profile ? ['--cpu-prof', '--cpu-prof-dir=results/profiles'] : [];
  const loads: LoadProcess[] = Array.from({ length: loadCount }, () => startLoadProcess());
  const servers = new Map<ServerKey, ServerProcess>();
  try {
    if (shared) {
      const started = await Promise.all(keys.map((key) => startServerProcess(key, { nodeArgs })));
      for (const server of started) servers.set(server.key, server);
    }
    const entries = Object.fromEntries(keys.map((key) => [key, servers.get(key)?.entry ?? (key === 'ws' ? 'ws' : liveEntry(key))]));
    progress(`server: ${keys.join(', ')} (${Object.values(entries).join(', ')}); ${loadCount} load processes, open-file limit ${limit}`);
    const load = loads[0] as LoadProcess;
    const echo = await measure('serverEcho', () => runServerEcho(config.echo, servers, load, progress));
    // One message at a time from one process to another is a wake-up per message: across two vCPUs of a VM, each
    // waking an idle one, a batch's p50 flips between about 30 and 100 µs with where the scheduler put the processes.
    // On one core the servers' own difference shows.
    const pids = [load.pid, ...[...servers.values()].map((server) => server.pid)];
    const pinned = selected.has('serverRoundTrip') && cpus().length > 1 && setAffinity(pids, '0');
    const roundTrip = await measure('serverRoundTrip', () => runServerRoundTrip(config.roundTrip, servers, load, progress));
    if (pinned) setAffinity(pids, `0-${cpus().length - 1}`);
    const broadcast = await measure('serverBroadcast', () =>
      runServerBroadcast(config.broadcast, servers, loads, maxConnections, progress),
    );
    await Promise.all([...servers.values()].map((server) => server.stop()));
    servers.clear();
    const idle = await measure('serverIdle', () => runServerIdle(config.idle, keys, loads, maxConnections, progress));
    return { echo, roundTrip, broadcast, idle, fileLimit: limit, loadProcesses: loadCount, entries, roundTripOneCore: pinned };
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
    await Promise.all(loads.map((load) => load.stop()));
  }
}
