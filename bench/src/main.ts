/**
 * `pnpm bench [--quick] [--only throughput,roundTrip,idle,slow] [--dist] [--profile] [--compare <ref>]`: runs the
 * scenarios of issue 6 with a frame server and the clients in separate processes, then writes the markdown table and
 * the SVG chart of the run under bench/results/ (results/quick/ for --quick) and, after a full run, the latest table
 * into BENCHMARKS.md. --dist measures the packages' built dist (run `pnpm build` first) instead of their sources;
 * --profile writes a CPU profile of every long-lived client process to bench/results/profiles/. --compare <ref>
 * builds the working tree and the git ref (in a temporary folder) and runs every live client on both builds side by
 * side, reporting working tree / ref within each round; it leaves BENCHMARKS.md alone.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDir, childSettings, startClientProcess, type Child } from './child.js';
import { clientNames, isRef, withRefs, type ClientKey } from './clients/adapter.js';
import { buildPackages, describeWorkingTree, prepareRefTree, resolveRef, type RefTree } from './compare/ref-tree.js';
import { fullConfig, quickConfig } from './config.js';
import { writeReports } from './report/write.js';
import { describeMachine, type BenchResults, type ComparedRef } from './results.js';
import { idleClients, runIdle } from './scenarios/idle-memory.js';
import { roundTripClients, runRoundTrip } from './scenarios/round-trip.js';
import { runSlow, slowClients } from './scenarios/slow-consumer.js';
import { runThroughput } from './scenarios/throughput.js';
import { startServer } from './server.js';
import type { Summary } from './stats.js';
import { sampleLoad } from './timing.js';

const scenarios = ['throughput', 'roundTrip', 'idle', 'slow'] as const;
type Scenario = (typeof scenarios)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    compare: { type: 'string' },
  },
});
const compare = values.compare !== undefined;
// Both builds of a comparison are their dist: the ref's sources would not resolve from the working tree's tsx.
childSettings.source = !values.dist && !compare;
const config = values.quick ? quickConfig : fullConfig;
const selected = new Set<Scenario>((values.only?.split(',') as Scenario[] | undefined) ?? scenarios);
const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

/** One long-lived client process per client for the CPU-bound scenarios, started together to overlap their boot. */
function startWorkers(): Map<ClientKey, Child> {
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir=results/profiles'] : [];
  const keys = withRefs(clientNames, compare);
  return new Map(keys.map((key) => [key, startClientProcess(key, { nodeArgs: ['--expose-gc', ...profile] })]));
}

/** With --compare: that every worker imports the live client from its own tree's dist, not from the other's. */
async function checkBuilds(workers: ReadonlyMap<ClientKey, Child>, refTree: RefTree): Promise<void> {
  const working = pathToFileURL(join(benchDir, '..', 'packages', 'client-live', 'dist', 'index.js')).href;
  const ref = pathToFileURL(join(refTree.tree, 'packages', 'client-live', 'dist', 'index.js')).href;
  for (const [key, worker] of workers) {
    const { entry } = await worker.request<{ entry: string }>({ task: 'which' });
    const expected = isRef(key) ? ref : working;
    if (entry !== expected) throw new Error(`${key} imports @aws/client-live from ${entry}, not ${expected}`);
  }
  progress(`compare: the live clients import ${working}, their (ref) twins ${ref}`);
}

/** With --compare: the working tree built in place, then the ref's tree in a temporary folder. */
async function prepareBuilds(ref: string): Promise<{ tree: RefTree; compared: ComparedRef }> {
  const repo = join(benchDir, '..');
  const commit = await resolveRef(repo, ref);
  const workingTree = await describeWorkingTree(repo);
  progress(`compare: building the working tree (${workingTree.head}${workingTree.changed ? ' with uncommitted changes' : ''})`);
  await buildPackages(repo);
  const tree = await prepareRefTree(repo, commit, progress);
  childSettings.refTree = tree.tree;
  return { tree, compared: { ...commit, workingTree } };
}

async function run(refTree: RefTree | undefined, compared: ComparedRef | undefined): Promise<BenchResults> {
  const startedAt = new Date();
  const server = await startServer({ manyFiles: true });
  const workers = startWorkers();
  try {
    if (refTree !== undefined) await checkBuilds(workers, refTree);
    const load: Partial<Record<Scenario, Summary>> = {};
    const measure = async <T>(scenario: Scenario, work: () => Promise<T[]>): Promise<T[]> => {
      if (!selected.has(scenario)) return [];
      const sampled = await sampleLoad(work);
      load[scenario] = sampled.load;
      return sampled.result;
    };
    const throughput = await measure('throughput', () => runThroughput(config.throughput, server, workers, progress));
    const roundTrip = await measure('roundTrip', () => runRoundTrip(config.roundTrip, server, workers, progress, withRefs(roundTripClients, compare)));
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
    const idle = await measure('idle', () => runIdle(config.idle, server, progress, withRefs(idleClients, compare)));
    const slow = await measure('slow', () => runSlow(config.slowConsumer, server, progress, withRefs(slowClients, compare)));
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const build = values.dist || compare ? 'dist' : 'source';
    const against = compared === undefined ? {} : { compare: compared };
    return { config, machine: describeMachine(), build, startedAt: startedAt.toISOString(), seconds, load, throughput, roundTrip, idle, slow, ...against };
  } finally {
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
    await server.stop();
  }
}

const builds = values.compare === undefined ? undefined : await prepareBuilds(values.compare);
let results: BenchResults;
try {
  results = await run(builds?.tree, builds?.compared);
} finally {
  builds?.tree.dispose();
}
// A comparison is not the latest results of the working tree: it leaves BENCHMARKS.md alone.
const written = await writeReports(results, { full: !values.quick && !compare && selected.size === scenarios.length });
progress(`done in ${results.seconds.toFixed(1)} s: ${written.join(', ')}`);
