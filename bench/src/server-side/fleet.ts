/**
 * The orchestrator's side of the server benchmark: the measured server processes (raw `ws`, the project's server,
 * with `--compare` the ref's build of it) and the load-generator processes that connect to all of them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchDir, childSettings, startChild, type Child } from '../child.js';
import { sleep } from '../timing.js';
import type { LoadTask, OpenResult } from '../load-process.js';
import type { ServerKey } from './keys.js';
import type { ServerReady, ServerTask } from '../server-process.js';

/** Where the process of `key` imports `@aws/server-live` from: the sources (tsx), the built dist, or the ref's dist. */
export function liveEntry(key: ServerKey): string {
  if (key === 'live@ref') {
    if (childSettings.refTree === undefined) throw new Error('live@ref without a ref tree');
    return join(childSettings.refTree, 'packages', 'server-live', 'dist', 'index.js');
  }
  return join(benchDir, '..', 'packages', 'server-live', childSettings.source ? 'src/index.ts' : 'dist/index.js');
}

export interface ServerProcess {
  readonly key: ServerKey;
  readonly pid: number | undefined;
  readonly port: number;
  /** The module its server came from. */
  readonly entry: string;
  request<T>(task: ServerTask): Promise<T>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
}

/** Starts the server process of `key`, with the open-file limit raised and `--expose-gc`; resolves once it listens. */
export async function startServerProcess(key: ServerKey, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const args = key === 'ws' ? ['ws'] : ['live', liveEntry(key)];
  const child = startChild('server-process.ts', args, { manyFiles: true, nodeArgs: ['--expose-gc', ...(options.nodeArgs ?? [])] });
  const { port, entry } = await child.next<ServerReady>();
  return { key, pid: child.pid, port, entry, request: (task) => child.request(task), stop: () => child.stop() };
}

/** A load process, spoken to with the tasks of `load-process.ts`. */
export interface LoadProcess {
  readonly pid: number | undefined;
  request<T>(task: LoadTask): Promise<T>;
  /** The next message the process sends of its own (the `{ doneNs }` of an armed broadcast). */
  next<T>(): Promise<T>;
  stop(): Promise<void>;
}

export function startLoadProcess(): LoadProcess {
  const child: Child = startChild('load-process.ts', [], { manyFiles: true });
  return { pid: child.pid, request: (task) => child.request(task), next: () => child.next(), stop: () => child.stop() };
}

/**
 * Sets the CPU affinity of every thread of the processes `pids` to the CPUs `cpus` (taskset's list syntax: `0`,
 * `0-1`) with util-linux's `taskset`. Returns false, changing nothing more, where that is not available (macOS) or
 * refused.
 */
export function setAffinity(pids: readonly (number | undefined)[], cpus: string): boolean {
  return pids.every(
    (pid) => pid !== undefined && spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' }).status === 0,
  );
}

/**
 * The hard open-file limit of the processes this one starts (`ulimit -Hn`, to which `child.ts` raises the soft limit
 * of the server and load processes); Infinity when unlimited.
 */
export function fileLimit(): number {
  const result = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const value = result.stdout.trim();
  return value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value) || 1024;
}

/** Descriptors a process keeps for itself (stdio, IPC, the event loop, node's own) besides its sockets. */
export const spareFiles = 100;

/**
 * Opens `count` connections from the load processes to `server` on `path` in group `group`, spread evenly over
 * them, and waits until the server counts them all. Resolves with how many opened, and the first refusal if any.
 */
export async function openSpread(
  loads: readonly LoadProcess[],
  server: ServerProcess,
  path: string,
  group: string,
  count: number,
): Promise<OpenResult> {
  const shares = loads.map((_load, index) => Math.floor(count / loads.length) + (index < count % loads.length ? 1 : 0));
  const results = await Promise.all(
    // Every load process gets the group, possibly empty, so that every one of them can be armed for a broadcast.
    loads.map((load, index) =>
      load.request<OpenResult>({ task: 'open', group, port: server.port, path, count: shares[index] as number, batch: 250 }),
    ),
  );
  const opened = results.reduce((sum, result) => sum + result.opened, 0);
  await waitForConnections(server, path, (seen) => seen >= opened);
  const failure = results.find((result) => result.failure !== undefined)?.failure;
  return failure === undefined ? { opened } : { opened, failure };
}

/** Ends the group on every load process and waits until the server has seen its connections go. */
export async function closeSpread(
  loads: readonly LoadProcess[],
  server: ServerProcess,
  path: string,
  group: string,
  remaining = 0,
): Promise<void> {
  await Promise.all(loads.map((load) => load.request({ task: 'close', group })));
  await waitForConnections(server, path, (seen) => seen <= remaining);
}

async function waitForConnections(server: ServerProcess, path: string, done: (seen: number) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { connections } = await server.request<{ connections: number }>({ task: 'connections', path });
    if (done(connections)) return;
    if (Date.now() > deadline) throw new Error(`${server.key}: still ${connections} connections on ${path} after 30 s`);
    await sleep(20);
  }
}
