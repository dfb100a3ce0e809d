/**
 * `pnpm bench [--quick] [--only <scenarios>] [--dist] [--profile] [--compare <ref>]`: runs the scenarios of issue 6
 * (the client: a frame server and the clients in separate processes) and of issue 11 (the server: the project's
 * server and a raw `ws` server in separate processes, the load from others), then writes the markdown table and the
 * SVG chart of the run under bench/results/ (results/quick/ for --quick) and, after a full run of the client or the
 * server scenarios, their latest tables into BENCHMARKS.md. `--only` takes scenario names (throughput, roundTrip,
 * idle, slow, serverEcho, serverRoundTrip, serverBroadcast, serverIdle, rpcCall, brokerBroadcast) and the groups
 * `client` and `server`.
 * --dist measures the packages' built dist (run `pnpm build` first) instead of their sources; --profile writes a CPU
 * profile of every long-lived client and server process to bench/results/profiles/. --compare <ref> builds the
 * working tree and the git ref (in a temporary folder) and runs every live client, and the project's server when the
 * ref has it, on both builds side by side, reporting working tree / ref within each round; it leaves BENCHMARKS.md
 * alone.
 */
import { cpus } from 'node:os';
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
import { rpcCallConfig, rpcCallQuickConfig, runRpcCall } from './scenarios/rpc-call.js';
import { brokerBroadcastConfig, brokerBroadcastQuickConfig, runBrokerBroadcast } from './scenarios/broker-broadcast.js';
import { runSessionBench, sessionBenchConfig, sessionBenchQuickConfig } from './scenarios/session.js';
import { runSlow, slowClients } from './scenarios/slow-consumer.js';
import { runThroughput } from './scenarios/throughput.js';
import { startServer } from './server.js';
import { setAffinity } from './server-side/fleet.js';
import { serverKeys } from './server-side/keys.js';
import { runServerBench, serverScenarios, type ServerResults } from './server-side/run.js';
import type { Summary } from './stats.js';
import { sampleLoad } from './timing.js';

const clientScenarios = ['throughput', 'roundTrip', 'idle', 'slow'] as const;
// rpcCall: issue 13's typed call against a hand-written one over raw ws, in this process (scenarios/rpc-call.ts).
// brokerBroadcast: issue 15's publish across server processes on Redis against the fan-out in one process
// (scenarios/broker-broadcast.ts).
// session: issue 14's acknowledged sessions on against off, the client here and the server in a process of its own
// (scenarios/session.ts, scenarios/session-server.ts).
const scenarios = [...clientScenarios, ...serverScenarios, 'rpcCall', 'brokerBroadcast', 'session'] as const;
type Scenario = (typeof scenarios)[number];
/** Names `--only` takes besides the scenarios: each stands for its scenarios. */
const scenarioGroups: Readonly<Record<string, readonly Scenario[]>> = { client: clientScenarios, server: serverScenarios };

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
const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

function selectScenarios(only: string | undefined): Set<Scenario> {
  if (only === undefined) return new Set(scenarios);
  const chosen = new Set<Scenario>();
  for (const name of only
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const group = scenarioGroups[name];
    if (group !== undefined) for (const scenario of group) chosen.add(scenario);
    else if ((scenarios as readonly string[]).includes(name)) chosen.add(name as Scenario);
    else throw new Error(`--only ${name}: not a scenario; choose among ${[...Object.keys(scenarioGroups), ...scenarios].join(', ')}`);
  }
  return chosen;
}
const selected = selectScenarios(values.only);
const clientSelected = clientScenarios.some((scenario) => selected.has(scenario));
const serverSelected = serverScenarios.some((scenario) => selected.has(scenario));
// Stop every process this one started, whatever ends the run: child.ts ends them in an 'exit' handler, which a
// signal's default action would skip. (With --compare, ref-tree.ts also removes its temporary tree on these.)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // ref-tree.ts's own handler, when there is one, stops its builds and exits after removing the tree.
    if (process.listenerCount(signal) === 1) process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  });
}

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
  await buildPackages(repo, { server: serverSelected });
  const tree = await prepareRefTree(repo, commit, progress, { server: serverSelected });
  childSettings.refTree = tree.tree;
  return { tree, compared: { ...commit, workingTree } };
}

async function run(refTree: RefTree | undefined, compared: ComparedRef | undefined): Promise<BenchResults> {
  const startedAt = new Date();
  const load: Partial<Record<Scenario, Summary>> = {};
  const measure = async <T>(scenario: Scenario, work: () => Promise<T[]>): Promise<T[]> => {
    if (!selected.has(scenario)) return [];
    const sampled = await sampleLoad(work);
    load[scenario] = sampled.load;
    return sampled.result;
  };
  const client = clientSelected ? await runClients(refTree, measure) : { throughput: [], roundTrip: [], idle: [], slow: [] };
  let server: ServerResults | undefined;
  if (serverSelected) {
    const withRef = refTree?.hasServer === true;
    if (refTree !== undefined && !withRef)
      progress(`compare: ${refTree.short} has no packages/server-live; the server runs on the working tree only`);
    server = await runServerBench(config.server, { keys: serverKeys(withRef), measure, selected, profile: values.profile, progress });
  }
  const rpcCallConfigOf = values.quick ? rpcCallQuickConfig : rpcCallConfig;
  const [rpcCall] = await measure('rpcCall', async () => [await runRpcCall(rpcCallConfigOf, progress)]);
  const brokerConfig = values.quick ? brokerBroadcastQuickConfig : brokerBroadcastConfig;
  const [brokerBroadcast] = await measure('brokerBroadcast', async () => [await runBrokerBroadcast(brokerConfig, progress)]);
  const sessionConfigOf = values.quick ? sessionBenchQuickConfig : sessionBenchConfig;
  const [session] = await measure('session', async () => [await runSessionBench(sessionConfigOf, progress)]);
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const build = values.dist || compare ? 'dist' : 'source';
  const against = compared === undefined ? {} : { compare: compared };
  return {
    config,
    machine: describeMachine(),
    build,
    startedAt: startedAt.toISOString(),
    seconds,
    load,
    ...client,
    ...(server === undefined ? {} : { server }),
    ...(rpcCall === undefined ? {} : { rpcCall }),
    ...(brokerBroadcast === undefined ? {} : { brokerBroadcast }),
    ...(session === undefined ? {} : { session }),
    ...against,
  };
}

type Measure = <T>(scenario: Scenario, work: () => Promise<T[]>) => Promise<T[]>;

/** The client scenarios of issue 6, on the frame server. */
async function runClients(
  refTree: RefTree | undefined,
  measure: Measure,
): Promise<Pick<BenchResults, 'throughput' | 'roundTrip' | 'idle' | 'slow'>> {
  const server = await startServer({ manyFiles: true });
  // The long-lived client processes serve throughput and round trip only.
  const workers = selected.has('throughput') || selected.has('roundTrip') ? startWorkers() : new Map<ClientKey, Child>();
  try {
    if (refTree !== undefined && workers.size > 0) await checkBuilds(workers, refTree);
    const throughput = await measure('throughput', () => runThroughput(config.throughput, server, workers, progress));
    // As the server round trip: one message at a time is a wake-up per hop, and across the two vCPUs of a VM a batch's
    // p50 flips between about 20 and 100 µs with where the scheduler put the processes (the p50 "4×" of issue 17,
    // seen for either client alike). On one core the clients' own difference shows.
    const pids = [server.pid, ...[...workers.values()].map((worker) => worker.pid)];
    const pinned = selected.has('roundTrip') && cpus().length > 1 && setAffinity(pids, '0');
    const roundTrip = await measure('roundTrip', () =>
      runRoundTrip(config.roundTrip, server, workers, progress, withRefs(roundTripClients, compare)),
    );
    if (pinned) setAffinity(pids, `0-${cpus().length - 1}`);
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
    const idle = await measure('idle', () => runIdle(config.idle, server, progress, withRefs(idleClients, compare)));
    const slow = await measure('slow', () => runSlow(config.slowConsumer, server, progress, withRefs(slowClients, compare)));
    return { throughput, roundTrip, idle, slow };
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
// A comparison is not the latest results of the working tree: it leaves BENCHMARKS.md alone. A full run of every
// client scenario, or of every server scenario, replaces that part of it.
const latest = !values.quick && !compare;
const written = await writeReports(results, {
  client: latest && clientScenarios.every((scenario) => selected.has(scenario)),
  server: latest && serverScenarios.every((scenario) => selected.has(scenario)),
});
progress(`done in ${results.seconds.toFixed(1)} s: ${written.join(', ')}`);
