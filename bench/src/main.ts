/**
 * `pnpm bench [--quick] [--only throughput,roundTrip,idle,slow] [--dist] [--profile]`: runs the scenarios of issue 6
 * with a frame server and the clients in separate processes, then writes the markdown table and the SVG chart of the
 * run under bench/results/ (results/quick/ for --quick) and, after a full run, the latest table into BENCHMARKS.md.
 * --dist measures the packages' built dist (run `pnpm build` first) instead of their sources; --profile writes a CPU
 * profile of every long-lived client process to bench/results/profiles/.
 */
import { parseArgs } from 'node:util';
import { childSettings, startChild, type Child } from './child.js';
import { clientNames, type ClientName } from './clients/adapter.js';
import { fullConfig, quickConfig } from './config.js';
import { writeReports } from './report/write.js';
import { describeMachine, type BenchResults } from './results.js';
import { runIdle } from './scenarios/idle-memory.js';
import { runRoundTrip } from './scenarios/round-trip.js';
import { runSlow } from './scenarios/slow-consumer.js';
import { runThroughput } from './scenarios/throughput.js';
import { startServer } from './server.js';

const scenarios = ['throughput', 'roundTrip', 'idle', 'slow'] as const;
type Scenario = (typeof scenarios)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
childSettings.source = !values.dist;
const config = values.quick ? quickConfig : fullConfig;
const selected = new Set<Scenario>((values.only?.split(',') as Scenario[] | undefined) ?? scenarios);
const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

/** One long-lived client process per client for the CPU-bound scenarios, started together to overlap their boot. */
function startWorkers(): Map<ClientName, Child> {
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir=results/profiles'] : [];
  return new Map(clientNames.map((name) => [name, startChild('client-process.ts', [], { nodeArgs: ['--expose-gc', ...profile] })]));
}

async function run(): Promise<BenchResults> {
  const startedAt = new Date();
  const server = await startServer({ manyFiles: true });
  const workers = startWorkers();
  try {
    const throughput = selected.has('throughput') ? await runThroughput(config.throughput, server, workers, progress) : [];
    const roundTrip = selected.has('roundTrip') ? await runRoundTrip(config.roundTrip, server, workers, progress) : [];
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
    const idle = selected.has('idle') ? await runIdle(config.idle, server, progress) : [];
    const slow = selected.has('slow') ? await runSlow(config.slowConsumer, server, progress) : [];
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const build = values.dist ? 'dist' : 'source';
    return { config, machine: describeMachine(), build, startedAt: startedAt.toISOString(), seconds, throughput, roundTrip, idle, slow };
  } finally {
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
    await server.stop();
  }
}

const results = await run();
const written = await writeReports(results, { full: !values.quick && selected.size === scenarios.length });
progress(`done in ${results.seconds.toFixed(1)} s: ${written.join(', ')}`);
