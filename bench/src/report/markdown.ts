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
    `${size} B echo, one request at a time: ${rounds} rounds of ${count} per client. p50 and p99 of all rounds pooled, with the range of single rounds; the ratio is to the baseline's p99 in the same round, median (min–max) over the rounds.`,
    table(['Client', 'p50 µs', 'p99 µs', 'p99 × ws'], rows),
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
  return [targetsSection(results, part), compareSection(results, part), ...client, ...server]
    .filter((section) => section !== '')
    .join('\n\n');
}

export function renderMarkdown(results: BenchResults, chartFile: string): string {
  return (
    [`# Benchmark run ${results.startedAt}`, machineLine(results), `![chart](${chartFile})`, renderTables(results)].join('\n\n') + '\n'
  );
}
