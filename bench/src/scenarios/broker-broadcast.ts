import { startRedisServer } from '@aws/test-utils';
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { benchDir } from '../child.js';
import { quantile } from '../stats.js';
import { withTimeout } from '../timing.js';

/**
 * Issue 15's benchmark: a publish to a topic with `subscribers` connections spread over the server processes, timed
 * from just before `server.publish` (in the publishing process) to the moment the last subscriber has the frame
 * (CLOCK_MONOTONIC in every process), one publish at a time: p50 and p99 over `rounds`. Then throughput: `burst`
 * publishes back to back, frames delivered per second until the last subscriber has the last one. Three setups: one
 * process with the in-memory broker (the fan-out without a hop), and two processes on one Redis in pub/sub and in
 * streams mode; the subscribers are raw `ws` clients of this process.
 */
export interface BrokerBroadcastConfig {
  readonly subscribers: number;
  readonly rounds: number;
  readonly warmup: number;
  readonly burst: number;
  readonly size: number;
}

export const brokerBroadcastConfig = { subscribers: 1_000, rounds: 200, warmup: 20, burst: 500, size: 1_024 } as const;
export const brokerBroadcastQuickConfig = { subscribers: 1_000, rounds: 10, warmup: 3, burst: 50, size: 1_024 } as const;

type Setup = 'in-process' | 'pubsub' | 'streams';

interface BrokerBroadcastRow {
  readonly setup: Setup;
  readonly processes: number;
  /** Publish to the last subscriber, ms. */
  readonly p50: number;
  readonly p99: number;
  /** Frames delivered to subscribers per second in the burst. */
  readonly deliveredPerSecond: number;
  /** p50 over the in-process p50: the cost of the broker hop. */
  readonly hopRatio: number;
}

export interface BrokerBroadcastResults {
  readonly subscribers: number;
  readonly size: number;
  readonly rows: readonly BrokerBroadcastRow[];
}

const script = fileURLToPath(new URL('../../../packages/server-redis/src/testing/server-process.ts', import.meta.url));

interface Proc {
  readonly child: ChildProcess;
  readonly url: string;
  /** Sends `request` and resolves with the first answer that has `key` (and, given, the same `id`). */
  ask<T>(request: object, key: string, id?: number): Promise<T>;
}

async function startProc(redisUrl: string, mode: 'memory' | 'pubsub' | 'streams'): Promise<Proc> {
  const child = fork(script, [redisUrl, mode], {
    cwd: benchDir,
    execArgv: ['--import', 'tsx', '--conditions=@aws/source'],
    stdio: 'inherit',
  });
  // The burst has one answer listener per publish in flight.
  child.setMaxListeners(0);
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`the broker server process exited with ${code}`)));
    }),
    30_000,
    'the broker server process did not start within 30 s',
  );
  const ask = <T>(request: object, key: string, id?: number): Promise<T> =>
    withTimeout(
      new Promise<T>((resolve) => {
        const onMessage = (message: Record<string, unknown>): void => {
          if (!(key in message)) return;
          if (id !== undefined && (message[key] as { id?: number }).id !== id) return;
          child.off('message', onMessage);
          resolve(message[key] as T);
        };
        child.on('message', onMessage);
        child.send(request);
      }),
      30_000,
      `no ${key} answer`,
    );
  return { child, url: `ws://127.0.0.1:${port}`, ask };
}

async function stopProc(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.send({ close: true });
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The subscribers: per sequence number, how many have it and when the last got it. */
class Subscribers {
  private readonly sockets: WebSocket[] = [];
  private readonly counts = new Map<number, number>();
  private readonly last = new Map<number, bigint>();

  async open(procs: readonly Proc[], count: number, topic: string): Promise<void> {
    const opening: Promise<void>[] = [];
    for (let i = 0; i < count; i += 1) {
      const socket = new WebSocket(`${(procs[i % procs.length] as Proc).url}/relay?topic=${topic}`);
      socket.on('message', (data) => this.received(String(data)));
      this.sockets.push(socket);
      opening.push(new Promise((resolve, reject) => socket.once('open', () => resolve()).once('error', reject)));
    }
    await Promise.all(opening);
  }

  private received(text: string): void {
    const at = process.hrtime.bigint();
    const start = text.indexOf('#');
    if (start < 0) return;
    const seq = Number(text.slice(start + 1, text.indexOf('#', start + 1)));
    this.counts.set(seq, (this.counts.get(seq) ?? 0) + 1);
    this.last.set(seq, at);
  }

  /** Resolves with the time the last of `count` subscribers got `seq`. */
  async all(seq: number, count: number): Promise<bigint> {
    const deadline = Date.now() + 30_000;
    while ((this.counts.get(seq) ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`frame ${seq} reached ${this.counts.get(seq) ?? 0} of ${count} subscribers`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.last.get(seq) as bigint;
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}

async function measureSetup(setup: Setup, redisUrl: string, config: BrokerBroadcastConfig): Promise<Omit<BrokerBroadcastRow, 'hopRatio'>> {
  const mode = setup === 'in-process' ? 'memory' : setup;
  const procs = await Promise.all(Array.from({ length: setup === 'in-process' ? 1 : 2 }, () => startProc(redisUrl, mode)));
  const subscribers = new Subscribers();
  const topic = `bench-${setup}`;
  try {
    await subscribers.open(procs, config.subscribers, topic);
    for (const proc of procs) {
      while (!(await proc.ask<boolean>({ subscribed: topic }, 'subscribed'))) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const publisher = procs[0] as Proc;
    const padding = 'x'.repeat(config.size);
    let seq = 0;
    const publish = async (): Promise<bigint> => {
      seq += 1;
      const published = await publisher.ask<{ startNs?: string; error?: string }>(
        { publish: { topic, text: `#${seq}#${padding}`, id: seq } },
        'published',
        seq,
      );
      if (published.error !== undefined) throw new Error(`${setup}: publish refused: ${published.error}`);
      return BigInt(published.startNs as string);
    };
    const latencies: number[] = [];
    for (let i = 0; i < config.warmup + config.rounds; i += 1) {
      const start = await publish();
      const end = await subscribers.all(seq, config.subscribers);
      if (i >= config.warmup) latencies.push(Number(end - start) / 1e6);
    }
    // The burst: publishes sent back to back, without waiting for delivery.
    const first = seq + 1;
    const starts = await Promise.all(Array.from({ length: config.burst }, () => publish()));
    const end = await subscribers.all(first + config.burst - 1, config.subscribers);
    for (let s = first; s < first + config.burst; s += 1) await subscribers.all(s, config.subscribers);
    const seconds = Number(end - (starts[0] as bigint)) / 1e9;
    latencies.sort((a, b) => a - b);
    return {
      setup,
      processes: procs.length,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      deliveredPerSecond: (config.burst * config.subscribers) / seconds,
    };
  } finally {
    subscribers.close();
    await Promise.all(procs.map(stopProc));
  }
}

/** Runs the three setups on one redis-server of its own (installed with apt-get when missing, as the tests do). */
export async function runBrokerBroadcast(config: BrokerBroadcastConfig, progress: (line: string) => void): Promise<BrokerBroadcastResults> {
  const redis = await startRedisServer();
  try {
    const measured: Array<Omit<BrokerBroadcastRow, 'hopRatio'>> = [];
    for (const setup of ['in-process', 'pubsub', 'streams'] as const) {
      progress(`brokerBroadcast: ${setup}, ${config.subscribers} subscribers`);
      measured.push(await measureSetup(setup, redis.url, config));
    }
    const base = measured[0]?.p50 ?? Number.NaN;
    return { subscribers: config.subscribers, size: config.size, rows: measured.map((row) => ({ ...row, hopRatio: row.p50 / base })) };
  } finally {
    await redis.stop();
  }
}
