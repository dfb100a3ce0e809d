import { schedule } from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import { closeSpread, openSpread, type LoadProcess, type ServerProcess } from '../server-side/fleet.js';
import { serverFrameBytes } from '../server-side/frame-client.js';
import { isRefServer, serverBaseline, type ServerKey } from '../server-side/keys.js';
import type { BroadcastDone } from '../load-process.js';
import type { BroadcastSent, CpuReading } from '../server-process.js';
import { ratios, spread, summarize, type Spread, type Summary } from '../stats.js';
import { sleep, withTimeout } from '../timing.js';

/**
 * Broadcast: every server has `count` connections open from the load processes (spread over them); the server is
 * asked to send one 1 KiB text message to all of them (`server.broadcast(path, frame)` for the project, a loop over
 * `wss.clients` calling `send` for raw ws), and the time runs from just before that call, in the server process, to
 * the moment the last connection of the last load process has the whole frame. Both ends read CLOCK_MONOTONIC
 * (`process.hrtime`), the same clock in every process of the machine. The servers take turns, one broadcast each per
 * round; each ratio is taken within one round.
 */
export interface BroadcastRow {
  readonly asked: number;
  /** Fewer than asked when the open-file limit or a refusal stopped the opening. */
  readonly connections: number;
  readonly server: ServerKey;
  /** From the broadcast call to the last client having the message. */
  readonly lastMs: Summary;
  /** The broadcast call itself: the synchronous part of the fan-out, in the server's event loop. */
  readonly callMs: Summary;
  /** User + system CPU of the server process from the call until the last client had it. */
  readonly cpuMs: Summary;
  /** Speed over raw ws's in the same round: ws's time to the last client over this server's (higher is faster). */
  readonly speedRatio: Spread;
  readonly failure?: string;
  readonly vsRef?: { readonly speed: Spread };
}

interface Sample {
  readonly lastNs: number;
  readonly callNs: number;
  readonly cpuMicros: number;
}

const path = '/broadcast';
const groupOf = (key: ServerKey, count: number): string => `broadcast-${count}:${key}`;

async function timeOne(
  server: ServerProcess,
  loads: readonly LoadProcess[],
  group: string,
  size: number,
  seq: number,
  expected: number,
): Promise<Sample> {
  await Promise.all(loads.map((load) => load.request({ task: 'bcast.arm', group, bytes: serverFrameBytes(size) })));
  const done = Promise.all(loads.map((load) => load.next<BroadcastDone>()));
  const sent = await server.request<BroadcastSent>({ task: 'broadcast', path, size, seq });
  if (sent.sent !== expected) throw new Error(`${server.key}: the broadcast went to ${sent.sent} connections, not ${expected}`);
  const ends = await withTimeout(done, 60_000, `${server.key}: a broadcast to ${expected} connections not complete after 60 s`);
  const after = await server.request<CpuReading>({ task: 'cpu' });
  const overshoot = ends.reduce((sum, end) => sum + end.overshoot, 0);
  if (overshoot > 0) throw new Error(`${server.key}: ${overshoot} connections received more than the broadcast frame`);
  const last = Math.max(...ends.map((end) => end.doneNs));
  return { lastNs: last - sent.startNs, callNs: sent.callNs, cpuMicros: after.cpuMicros - sent.cpuMicros };
}

export async function runServerBroadcast(
  config: BenchConfig['server']['broadcast'],
  servers: ReadonlyMap<ServerKey, ServerProcess>,
  loads: readonly LoadProcess[],
  maxConnections: number,
  progress: (line: string) => void,
): Promise<BroadcastRow[]> {
  const keys = [...servers.keys()];
  const serverOf = (key: ServerKey): ServerProcess => servers.get(key) as ServerProcess;
  const rows: BroadcastRow[] = [];
  let seq = 0;
  for (const asked of config.connections) {
    const count = Math.min(asked, maxConnections);
    const opened = new Map<ServerKey, { opened: number; failure?: string }>();
    try {
      for (const key of keys) opened.set(key, await openSpread(loads, serverOf(key), path, groupOf(key, asked), count));
      const open = Math.min(...[...opened.values()].map((result) => result.opened));
      const samples = new Map<ServerKey, Sample[]>(keys.map((key) => [key, []]));
      const expected = (key: ServerKey): number => opened.get(key)?.opened ?? 0;
      for (let round = 0; round < config.warmup + config.rounds; round += 1) {
        for (const key of schedule(keys, round)) {
          const sample = await timeOne(serverOf(key), loads, groupOf(key, asked), config.size, (seq += 1), expected(key));
          if (round >= config.warmup) samples.get(key)?.push(sample);
          await sleep(config.gapMs);
        }
      }
      progress(`server broadcast to ${open.toLocaleString('en-US')}: ${config.rounds} rounds of ${keys.length} servers`);
      rows.push(...keys.map((key) => broadcastRow(asked, key, opened.get(key) ?? { opened: 0 }, samples)));
    } finally {
      for (const key of keys) if (opened.has(key)) await closeSpread(loads, serverOf(key), path, groupOf(key, asked));
    }
  }
  return rows;
}

function broadcastRow(
  asked: number,
  server: ServerKey,
  opened: { opened: number; failure?: string },
  samples: ReadonlyMap<ServerKey, Sample[]>,
): BroadcastRow {
  const own = samples.get(server) ?? [];
  const base = samples.get(serverBaseline) ?? [];
  const twin = server === 'live' ? samples.get('live@ref') : undefined;
  const ms = (pick: (sample: Sample) => number): Summary => summarize(own.map((sample) => pick(sample) / 1e6));
  // Speed is the inverse of time: the ratio is the other's time over this one's.
  const speed = (other: readonly Sample[]): Spread => spread(ratios(other, own, (sample) => sample.lastNs));
  return {
    asked,
    connections: opened.opened,
    server,
    lastMs: ms((sample) => sample.lastNs),
    callMs: ms((sample) => sample.callNs),
    cpuMs: ms((sample) => sample.cpuMicros * 1000),
    speedRatio: speed(base),
    ...(opened.failure === undefined ? {} : { failure: opened.failure }),
    ...(twin === undefined || isRefServer(server) ? {} : { vsRef: { speed: speed(twin) } }),
  };
}
