/**
 * A measured server process: `server-side/raw-ws-app.ts` (argument `ws`) or `server-side/live-app.ts` (argument
 * `live` and the module to import `@aws/server-live` from). It sends `{ port, entry }` once listening, then answers the orchestrator's tasks
 * over IPC; the load that it serves comes from the separate load processes, so the CPU time and memory it reports
 * are the server's alone. It exits when the orchestrator goes away.
 */
import { tickJson } from './payload.js';
import { collectGarbage, readMemory, sleep, type MemoryReading } from './timing.js';
import type { ServerApp } from './server-side/app.js';

export type ServerTask =
  /** User + system CPU time of the process so far, and the time. */
  | { readonly task: 'cpu' }
  /** Broadcasts a tick of `size` bytes to every connection of `path`, timed. */
  | { readonly task: 'broadcast'; readonly path: string; readonly size: number; readonly seq: number }
  /** Memory after two full collections. */
  | { readonly task: 'memory' }
  | { readonly task: 'connections'; readonly path: string };

export interface CpuReading {
  readonly cpuMicros: number;
  readonly ms: number;
}

export interface BroadcastSent {
  /** `process.hrtime` just before the broadcast call, in ns (CLOCK_MONOTONIC: comparable across processes). */
  readonly startNs: number;
  /** How long the call itself took: the synchronous part of the fan-out. */
  readonly callNs: number;
  readonly cpuMicros: number;
  readonly sent: number;
}

export interface ServerReady {
  readonly port: number;
  /** The module the project's server was imported from ('ws' for the baseline). */
  readonly entry: string;
}

const [kind, entry] = process.argv.slice(2);

async function start(): Promise<ServerApp> {
  if (kind === 'ws') return (await import('./server-side/raw-ws-app.js')).startApp();
  if (kind === 'live' && entry !== undefined) return (await import('./server-side/live-app.js')).startApp(entry);
  throw new Error(`server-process: unknown server ${kind} ${entry ?? ''}`);
}

const cpu = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

async function perform(app: ServerApp, task: ServerTask): Promise<unknown> {
  switch (task.task) {
    case 'cpu':
      return { cpuMicros: cpu(), ms: performance.now() } satisfies CpuReading;
    case 'broadcast': {
      const text = tickJson(task.seq, task.size);
      const cpuMicros = cpu();
      const start = process.hrtime.bigint();
      const sent = app.broadcast(task.path, text);
      const callNs = Number(process.hrtime.bigint() - start);
      return { startNs: Number(start), callNs, cpuMicros, sent } satisfies BroadcastSent;
    }
    case 'memory':
      collectGarbage();
      await sleep(50);
      collectGarbage();
      collectGarbage();
      return readMemory() satisfies MemoryReading;
    case 'connections':
      return { connections: app.connections(task.path) };
  }
}

const app = await start();
process.on('message', (task: ServerTask) => {
  perform(app, task).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port: app.port, entry: kind === 'ws' ? 'ws' : (entry as string) } satisfies ServerReady);
