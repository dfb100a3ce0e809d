import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A flood server in its own process, and what it reports once it has sent everything. */
export interface FloodServer {
  readonly child: ChildProcess;
  readonly port: number;
  /** How often its writes stalled (the client's TCP window was full), and its largest `bufferedAmount`. */
  readonly report: Promise<{ readonly stalls: number; readonly maxBuffered: number }>;
}

const script = fileURLToPath(new URL('./flood-server.mjs', import.meta.url));

/**
 * Starts flood-server.mjs in its own process, so that its buffers do not count in the test's memory: on connection it
 * sends `count` binary messages of `size` bytes, each starting with its number (UInt32BE), as fast as the client
 * takes them. Kill `child` when done.
 *
 * @example
 * ```ts
 * const server = await startFloodServer(40_000, 1024)
 * const { stalls } = await server.report
 * ```
 */
export async function startFloodServer(count: number, size: number): Promise<FloodServer> {
  const child = fork(script, [String(count), String(size)], { stdio: 'ignore' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const report = new Promise<{ stalls: number; maxBuffered: number }>((resolve) => child.once('message', resolve));
  return { child, port, report };
}
