import { labelOf } from '../clients/adapter.js';
import type { BenchResults } from '../results.js';
import { compareSection } from './compare.js';
import { bytes, cell, mib, num, ratio, sizeLabel, table } from './format.js';
import { serverSections } from './server-markdown.js';
import { checkTargets } from './targets.js';

const scenarioNames: Readonly<Record<string, string>> = {
  throughput: 'throughput',
  roundTrip: 'round trip',
  idle: 'idle memory',
  slow: 'slow consumer',
  serverEcho: 'server echo',
  serverRoundTrip: 'server round trip',
  serverBroadcast: 'server broadcast',
  serverIdle: 'server idle memory',
  rpcCall: 'rpc call',
  brokerBroadcast: 'broker broadcast',
  session: 'sessions',
};

/** The machine and the run, as the first lines of every report. */
export function machineLine(results: BenchResults): string {
  const { machine } = results;
  const { compare } = results;
  const build =
    compare !== undefined
      ? `the working tree (${compare.workingTree.head}${compare.workingTree.changed ? ' + uncommitted changes' : ''}) against ${compare.ref === compare.short ? '' : `${compare.ref} = `}\`${compare.short}\` ("${compare.subject}"), both from their built dist`
      : results.build === 'dist'
        ? 'packages from their built dist'
        : 'packages from their sources (tsx)';
  const load = Object.entries(results.load ?? {}).map(
    ([scenario, summary]) => `${scenarioNames[scenario] ?? scenario} ${cell(summary, (value) => value.toFixed(1))}`,
  );
  const loadLine =
    load.length === 0
      ? ''
      : ` Load average (1 min) during ${load.join(', ')}: the benchmark alone keeps about 2 processes runnable, more is other work on the machine.`;
  return `${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.platform}; ${build}; run of ${results.startedAt}, ${results.seconds.toFixed(0)} s${results.config.quick ? ', --quick (too short to mean anything)' : ''}.${loadLine}`;
}

/** Which part of a run a rendering is of: the client scenarios, the server scenarios, or all of them. */
export type ReportPart = 'client' | 'server' | 'all';

function targetsSection(results: BenchResults, part: ReportPart): string {
  const rows = checkTargets(results, part).map((check) => [check.target, check.measured, check.met ? '✅ met' : '❌ missed']);
  if (rows.length === 0) return '';
  return `### Targets\n\n${table(['Target', 'Measured (median)', ''], rows)}`;
}

function throughputSection(results: BenchResults): string {
  if (results.throughput.length === 0) return '';
  const { rounds, windowMs } = results.config.throughput;
  const rows = results.throughput.map((row) => [
    sizeLabel(row.size),
    labelOf(row.client),
    cell(row.messagesPerSecond),
    cell(row.mibPerSecond),
    cell(row.cpuMicrosPerMessage),
    cell(row.ratio, ratio),
  ]);
  return [
    '### Receive throughput',
    `Median (min–max) of ${rounds} windows of ${windowMs} ms per client; the ratio is to the baseline's window of the same round. CPU is the client process's user + system time per message.`,
    table(['Size', 'Client', 'msgs/s', 'MiB/s', 'CPU µs/msg', '× baseline'], rows),
  ].join('\n\n');
}

function roundTripSection(results: BenchResults): string {
  if (results.roundTrip.length === 0) return '';
  const { rounds, count, size } = results.config.roundTrip;
  const rows = results.roundTrip.map((row) => [labelOf(row.client), cell(row.p50), cell(row.p99), cell(row.p99Ratio, ratio)]);
  return [
    '### Round trip',
    `${size} B echo, one request at a time: ${rounds} rounds of ${count} per client, the clients and the server pinned to one core where taskset can (as the server round trip). p50 and p99 of all rounds pooled, with the range of single rounds; the ratio is to the baseline's p99 in the same round, median (min–max) over the rounds.`,
    table(['Client', 'p50 µs', 'p99 µs', 'p99 × ws'], rows),
  ].join('\n\n');
}

function rpcCallSection(results: BenchResults): string {
  const { rpcCall } = results;
  if (rpcCall === undefined) return '';
  const rows = rpcCall.roundTrip.map((row) => [row.client, num(row.p50), num(row.p99), cell(row.p99Ratio, ratio)]);
  return [
    '### Typed call (`@aws/rpc`)',
    `A JSON-RPC call one at a time against a raw \`ws\` responder, in turns: \`jsonRpcClient(...).call\` (rpc-call) against a hand-written send + filter on raw \`ws\` (ws-raw) and on the live client (live-filter: \`send\`, then \`success()\` and \`filter\` on its frames); target p99 ≤ 1.1× (issue 13). ${rpcCall.pending.toLocaleString('en-US')} calls in flight: ${bytes(rpcCall.bytesPerPendingCall)} B of heap + external per pending call.`,
    table(['Client', 'p50 µs', 'p99 µs', 'p99 × ws'], rows),
  ].join('\n\n');
}

function sessionSection(results: BenchResults): string {
  const { session } = results;
  if (session === undefined) return '';
  const rows = session.rows.map((row) => [row.mode, cell(row.messagesPerSecond), num(row.p50), num(row.p99)]);
  return [
    '### Acknowledged sessions (`@aws/session`)',
    `The same ${sizeLabel(session.size)} echo on the live client and the live server (in a process of its own), sessions off (plain) and on (session: every client send resolved on the server's acknowledgement), the server's echo posting its answer in both modes, the two modes taking turns every round trip (ABBA BAAB ...); targets ≥ 0.9× throughput and p99 ≤ 1.1× (issue 14). Session / plain: throughput per round ${cell(session.throughputRatio, ratio)}×, p99 of all round trips pooled ${cell(session.p99Ratio, ratio)}× (the range: single rounds); ${session.overheadBytesPerMessage.toFixed(1)} B on the wire per data message (headers and acknowledgements).`,
    table(['Mode', 'msgs/s', 'round trip p50 µs', 'p99 µs'], rows),
  ].join('\n\n');
}

function brokerBroadcastSection(results: BenchResults): string {
  const { brokerBroadcast } = results;
  if (brokerBroadcast === undefined) return '';
  const rows = brokerBroadcast.rows.map((row) => [
    row.setup,
    String(row.processes),
    num(row.p50),
    num(row.p99),
    num(row.deliveredPerSecond),
    ratio(row.hopRatio),
  ]);
  return [
    '### Broadcast across processes (`@aws/server-redis`)',
    `A ${sizeLabel(brokerBroadcast.size)} publish to ${brokerBroadcast.subscribers.toLocaleString('en-US')} subscribers, timed from just before \`server.publish\` to the last subscriber having it, one at a time; then a burst for throughput. in-process: one server, the in-memory broker; pubsub and streams: two server processes on one redis-server, the subscribers spread over both (issue 15).`,
    table(['Setup', 'Processes', 'p50 ms', 'p99 ms', 'frames delivered/s', 'p50 × in-process'], rows),
  ].join('\n\n');
}

function idleSection(results: BenchResults): string {
  if (results.idle.length === 0) return '';
  const asked = results.config.idle.connections;
  const rows = results.idle.map((row) => [
    labelOf(row.client),
    row.connections.toLocaleString('en-US') + (row.connections < asked ? ` of ${asked.toLocaleString('en-US')}: ${row.failure ?? ''}` : ''),
    cell(row.rssPerConnection, bytes),
    cell(row.heapPerConnection, bytes),
    cell(row.rssRatio, ratio),
    cell(row.heapRatio, ratio),
  ]);
  return [
    '### Memory per idle connection',
    `A fresh process per measurement (${results.config.idle.repetitions} each) opens the connections (with a message handler, nothing flowing); bytes per connection after a full GC.`,
    table(['Client', 'Connections', 'RSS B/conn', 'heap + external B/conn', 'RSS × ws', 'heap × ws'], rows),
  ].join('\n\n');
}

function slowSection(results: BenchResults): string {
  if (results.slow.length === 0) return '';
  const { serverRate, slowdown, size, durationMs, receiveBuffer } = results.config.slowConsumer;
  const rows = results.slow.map((row) => [
    labelOf(row.client),
    cell(row.peakRss, mib),
    cell(row.peakHeap, mib),
    cell(row.lateGrowth, mib),
    cell(row.handled, num),
  ]);
  return [
    '### Slow consumer',
    `The server offers ${serverRate.toLocaleString('en-US')} messages/s of ${sizeLabel(size)}, the application handles ${serverRate / slowdown}/s, for ${durationMs / 1000} s. Growth over the process's memory before connecting; the live client's receive buffer is ${receiveBuffer.messages} messages / ${mib(receiveBuffer.bytes)} MiB.`,
    table(['Client', 'peak RSS Δ MiB', 'peak heap Δ MiB', 'RSS growth, 2nd half, MiB', 'messages handled'], rows),
  ].join('\n\n');
}

/** The tables of one run (or of its client or server part): targets first, then one section per scenario. */
export function renderTables(results: BenchResults, part: ReportPart = 'all'): string {
  const client =
    part === 'server' ? [] : [throughputSection(results), roundTripSection(results), idleSection(results), slowSection(results)];
  const server = part === 'client' ? [] : serverSections(results);
  const rpc = part === 'all' ? [rpcCallSection(results), brokerBroadcastSection(results), sessionSection(results)] : [];
  return [targetsSection(results, part), compareSection(results, part), ...client, ...server, ...rpc]
    .filter((section) => section !== '')
    .join('\n\n');
}

export function renderMarkdown(results: BenchResults, chartFile: string): string {
  return (
    [`# Benchmark run ${results.startedAt}`, machineLine(results), `![chart](${chartFile})`, renderTables(results)].join('\n\n') + '\n'
  );
}
