import { labelOf } from '../clients/adapter.js';
import type { BenchResults } from '../results.js';
import type { Spread } from '../stats.js';
import { ratio, sizeLabel, table } from './format.js';

/**
 * The section of a `--compare <ref>` run: every live client on the working tree over the same client on the ref's
 * build, each ratio taken within one round (throughput window, round-trip batch) or repetition (memory), then the
 * median, interquartile range and min–max of those ratios over the rounds.
 */

const iqr = (spread: Spread): string => `${ratio(spread.q1)}–${ratio(spread.q3)}`;
const range = (spread: Spread): string => `${ratio(spread.min)}–${ratio(spread.max)}`;
/** The median in bold, then the IQR and the min–max as separate columns. */
const columns = (spread: Spread): string[] => [`**${ratio(spread.median)}**`, iqr(spread), range(spread)];
/** For the scenarios of a few repetitions only, where quartiles say little: median (min–max). */
const short = (spread: Spread): string =>
  spread.min === spread.max ? `**${ratio(spread.median)}**` : `**${ratio(spread.median)}** (${range(spread)})`;

function throughput(results: BenchResults): string {
  const rows = results.throughput.flatMap((row) =>
    row.vsRef === undefined
      ? []
      : [[sizeLabel(row.size), labelOf(row.client), ...columns(row.vsRef.messagesPerSecond), ...columns(row.vsRef.cpuMicrosPerMessage)]],
  );
  if (rows.length === 0) return '';
  const { rounds } = results.config.throughput;
  return [
    '#### Receive throughput',
    `msgs/s and CPU µs per message of each of the ${rounds} windows over those of the ref's window of the same round. Higher msgs/s and lower CPU are better.`,
    table(['Size', 'Client', 'msgs/s × ref', 'IQR', 'min–max', 'CPU/msg × ref', 'IQR', 'min–max'], rows),
  ].join('\n\n');
}

function roundTrip(results: BenchResults): string {
  const rows = results.roundTrip.flatMap((row) =>
    row.vsRef === undefined ? [] : [[labelOf(row.client), ...columns(row.vsRef.p50), ...columns(row.vsRef.p99)]],
  );
  if (rows.length === 0) return '';
  const { rounds, count } = results.config.roundTrip;
  return [
    '#### Round trip',
    `p50 and p99 of each of the ${rounds} batches of ${count} over those of the ref's batch of the same round. Lower is better.`,
    table(['Client', 'p50 × ref', 'IQR', 'min–max', 'p99 × ref', 'IQR', 'min–max'], rows),
  ].join('\n\n');
}

function memory(results: BenchResults): string {
  const idle = results.idle.flatMap((row) =>
    row.vsRef === undefined
      ? []
      : [
          [
            `idle connection (${row.connections.toLocaleString('en-US')})`,
            labelOf(row.client),
            short(row.vsRef.rssPerConnection),
            short(row.vsRef.heapPerConnection),
          ],
        ],
  );
  const slow = results.slow.flatMap((row) =>
    row.vsRef === undefined ? [] : [['slow consumer, peak Δ', labelOf(row.client), short(row.vsRef.peakRss), short(row.vsRef.peakHeap)]],
  );
  if (idle.length + slow.length === 0) return '';
  const { idle: idleConfig, slowConsumer } = results.config;
  return [
    '#### Memory',
    `Bytes per idle connection (${idleConfig.repetitions} repetitions) and the slow consumer's peak growth (${slowConsumer.repetitions} repetitions), each over the ref's in the same repetition: median (min–max). Lower is better.`,
    table(['Scenario', 'Client', 'RSS × ref', 'heap + external × ref'], [...idle, ...slow]),
  ].join('\n\n');
}

/** The project's server on the working tree over the same server on the ref's build, when the ref has it. */
function server(results: BenchResults): string {
  const server = results.server;
  if (server === undefined) return '';
  const rows: string[][] = [];
  for (const row of server.echo) {
    if (row.vsRef !== undefined)
      rows.push(
        [`echo ${sizeLabel(row.size)}: msgs/s`, ...columns(row.vsRef.messagesPerSecond)],
        [`echo ${sizeLabel(row.size)}: server CPU/msg`, ...columns(row.vsRef.cpuMicrosPerMessage)],
      );
  }
  for (const row of server.roundTrip) {
    if (row.vsRef !== undefined) rows.push(['round trip p50', ...columns(row.vsRef.p50)], ['round trip p99', ...columns(row.vsRef.p99)]);
  }
  for (const row of server.broadcast) {
    if (row.vsRef !== undefined) rows.push([`broadcast to ${row.connections.toLocaleString('en-US')}: speed`, ...columns(row.vsRef.speed)]);
  }
  for (const row of server.idle) {
    if (row.vsRef === undefined) continue;
    const summary = (value: { median: number; min: number; max: number }): string[] => [
      `**${ratio(value.median)}**`,
      '',
      `${ratio(value.min)}–${ratio(value.max)}`,
    ];
    rows.push([`idle connection (${row.connections.toLocaleString('en-US')}): RSS`, ...summary(row.vsRef.rssPerConnection)]);
    rows.push([`idle connection (${row.connections.toLocaleString('en-US')}): heap + external`, ...summary(row.vsRef.heapPerConnection)]);
  }
  if (rows.length === 0) return '';
  return [
    '#### Server',
    "`@aws/server-live` of the working tree over the ref's, each ratio within one round (window, batch, broadcast) or repetition (memory, which has no IQR). Higher msgs/s and speed are better; lower CPU, latency and memory.",
    table(['Measure', '× ref', 'IQR', 'min–max'], rows),
  ].join('\n\n');
}

export function compareSection(results: BenchResults, part: 'client' | 'server' | 'all' = 'all'): string {
  const { compare } = results;
  if (compare === undefined) return '';
  const client = part === 'server' ? [] : [throughput(results), roundTrip(results), memory(results)];
  const parts = [...client, ...(part === 'client' ? [] : [server(results)])].filter((part) => part !== '');
  if (parts.length === 0) return '';
  return [
    `### Working tree / ${compare.short}`,
    `Each ratio is the working tree's client (or server) over the same one on the build of \`${compare.short}\` ("${compare.subject}"), measured in the same round of this run; rows "(ref)" in the tables further down are that build's absolute figures and ratios to raw ws.`,
    ...parts,
  ].join('\n\n');
}
