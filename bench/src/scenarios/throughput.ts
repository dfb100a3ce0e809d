import type { Child } from '../child.js';
import { baseline, isRef, schedule, twinOf, type ClientAdapter, type ClientKey, type Session } from '../clients/adapter.js';
import type { BenchConfig } from '../config.js';
import type { BenchServer } from '../server.js';
import { ratios, spread, summarize, type Spread, type Summary } from '../stats.js';
import { collectGarbage, sleep } from '../timing.js';

/**
 * Receive throughput. Every client process opens its flood connection once per size and reads it as fast as it can;
 * the orchestrator freezes all of them but one (SIGSTOP: TCP flow control then stops the server for it) and takes
 * short windows client after client, round after round. Consecutive windows of different clients are a fraction of
 * a second apart, so each ratio compares clients on the same machine state: on a shared 2-core VM the speed of the
 * same client drifts by up to 2× over a few seconds, which longer separate runs would turn into false ratios.
 */
export type FloodTask =
  | { readonly task: 'flood.start'; readonly client: ClientKey; readonly url: string }
  | { readonly task: 'flood.read'; readonly client: ClientKey }
  | { readonly task: 'flood.stop'; readonly client: ClientKey };

/** The client process's counters at one instant. */
export interface FloodReading {
  readonly messages: number;
  /** User plus system CPU time of the client process so far. */
  readonly cpuMicros: number;
  readonly ms: number;
}

let flood: { session: Session; messages: number; checksum: number } | undefined;

/** In the client process: the three steps of the orchestrator's protocol. */
export async function performFlood(adapter: ClientAdapter, task: FloodTask): Promise<FloodReading | object> {
  switch (task.task) {
    case 'flood.start': {
      if (adapter.flood === undefined) throw new Error(`${task.client} has no flood adapter`);
      collectGarbage();
      const state = { session: undefined as unknown as Session, messages: 0, checksum: 0 };
      state.session = await adapter.flood(task.url, (seq) => {
        state.messages += 1;
        state.checksum += seq;
      });
      flood = state;
      return {};
    }
    case 'flood.read': {
      const cpu = process.cpuUsage();
      return { messages: flood?.messages ?? 0, cpuMicros: cpu.user + cpu.system, ms: performance.now() };
    }
    case 'flood.stop': {
      const state = flood;
      flood = undefined;
      await state?.session.close();
      // A client that counted messages but decoded nothing would make every number meaningless.
      if (state === undefined || state.messages === 0 || state.checksum <= 0) {
        throw new Error(`${task.client} received ${state?.messages} messages (checksum ${state?.checksum})`);
      }
      return {};
    }
  }
}

interface Window {
  readonly messages: number;
  readonly seconds: number;
  readonly cpuMicros: number;
}

/** One window of one client: thaw it, let it get going, read its counters twice, freeze it again. */
async function measureWindow(worker: Child, client: ClientKey, config: BenchConfig['throughput']): Promise<Window> {
  worker.thaw();
  await sleep(config.settleMs);
  const start = await worker.request<FloodReading>({ task: 'flood.read', client });
  await sleep(config.windowMs);
  const end = await worker.request<FloodReading>({ task: 'flood.read', client });
  worker.freeze();
  return { messages: end.messages - start.messages, seconds: (end.ms - start.ms) / 1000, cpuMicros: end.cpuMicros - start.cpuMicros };
}

export interface ThroughputRow {
  readonly size: number;
  readonly client: ClientKey;
  readonly messagesPerSecond: Summary;
  readonly mibPerSecond: Summary;
  readonly cpuMicrosPerMessage: Summary;
  /** messages/s over the baseline's in the same round. */
  readonly ratio: Summary;
  /** With `--compare`, on a working tree client: over its ref twin's window of the same round. */
  readonly vsRef?: { readonly messagesPerSecond: Spread; readonly cpuMicrosPerMessage: Spread };
}

type Windows = Map<ClientKey, Window[]>;

/** In the orchestrator: for every size, start and warm up every client, then take the rounds of windows. */
export async function runThroughput(
  config: BenchConfig['throughput'],
  server: BenchServer,
  workers: ReadonlyMap<ClientKey, Child>,
  progress: (line: string) => void,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const clients = [...workers.keys()];
  const worker = (client: ClientKey): Child => workers.get(client) as Child;
  for (const size of config.sizes) {
    for (const client of clients) {
      await worker(client).request({ task: 'flood.start', client, url: server.url(`/flood/${size}`) });
      await sleep(config.warmupMs);
      worker(client).freeze();
    }
    const windows: Windows = new Map(clients.map((client) => [client, []]));
    for (let round = 0; round < config.rounds; round += 1) {
      for (const client of schedule(clients, round)) windows.get(client)?.push(await measureWindow(worker(client), client, config));
    }
    for (const client of clients) {
      worker(client).thaw();
      await worker(client).request({ task: 'flood.stop', client });
    }
    progress(`throughput ${size} B: ${config.rounds} rounds of ${clients.length} clients`);
    rows.push(...clients.map((client) => throughputRow(size, client, windows)));
  }
  return rows;
}

function throughputRow(size: number, client: ClientKey, windows: Windows): ThroughputRow {
  const own = windows.get(client) ?? [];
  const base = windows.get(baseline) ?? [];
  const rate = (window: Window): number => window.messages / window.seconds;
  const cpu = (window: Window): number => window.cpuMicros / window.messages;
  const twin = isRef(client) ? undefined : windows.get(twinOf(client));
  const vsRef =
    twin === undefined
      ? {}
      : { vsRef: { messagesPerSecond: spread(ratios(own, twin, rate)), cpuMicrosPerMessage: spread(ratios(own, twin, cpu)) } };
  return {
    size,
    client,
    messagesPerSecond: summarize(own.map(rate)),
    mibPerSecond: summarize(own.map((window) => (rate(window) * size) / (1024 * 1024))),
    cpuMicrosPerMessage: summarize(own.map(cpu)),
    ratio: summarize(ratios(own, base, rate)),
    ...vsRef,
  };
}
