/**
 * A client process: it measures what the orchestrator asks over IPC, one task at a time, in its own event loop and
 * heap, while the server runs in another process. The orchestrator keeps one per client for throughput and round
 * trip, and starts a fresh one for each memory measurement.
 */
import { adapterOf, loadClient } from './clients/adapter.js';
import { measureIdle, type IdleTask } from './scenarios/idle-memory.js';
import { performEcho, type EchoTask } from './scenarios/round-trip.js';
import { measureSlow, type SlowTask } from './scenarios/slow-consumer.js';
import { performFlood, type FloodTask } from './scenarios/throughput.js';

/** Which build this process imports the live client from: `--compare` checks it for every long-lived process. */
export interface WhichTask {
  readonly task: 'which';
}

type Task = FloodTask | EchoTask | IdleTask | SlowTask | WhichTask;

async function perform(task: Task): Promise<unknown> {
  if (task.task === 'which') return { entry: import.meta.resolve('@aws/client-live') };
  // A ref client (`<name>@ref`) runs the same adapter; this process resolves its packages to the ref tree.
  const adapter = await loadClient(adapterOf(task.client));
  switch (task.task) {
    case 'flood.start':
    case 'flood.read':
    case 'flood.stop':
      return performFlood(adapter, task);
    case 'echo.start':
    case 'echo.batch':
    case 'echo.stop':
      return performEcho(adapter, task);
    case 'idle':
      return measureIdle(adapter, task);
    case 'slow':
      return measureSlow(adapter, task);
  }
}

process.on('message', (task: Task) => {
  perform(task).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The orchestrator disconnects to end the process; `exit` (not a signal) lets --cpu-prof write its profile.
process.on('disconnect', () => process.exit(0));
