import type { BenchResults } from '../results.js';
import { serverLabels } from '../server-side/keys.js';
import { bytes, cell, ratio, sizeLabel, spreadCell, table } from './format.js';

/** The tables of the server scenarios (issue 11): the project's server against raw `ws`, side by side. */

const percent = (value: number): string => `${Math.round(value * 100)}%`;
const count = (value: number): string => value.toLocaleString('en-US');
const ms = (value: number): string =>
  Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)) : '–';

function method(results: BenchResults): string {
  const server = results.server;
  if (server === undefined) return '';
  // JSON has no Infinity: an unlimited limit comes back from a results file as null.
  const limit = typeof server.fileLimit === 'number' && Number.isFinite(server.fileLimit) ? count(server.fileLimit) : 'unlimited';
  return (
    `Each server in its own process, the load from ${server.loadProcesses} other processes (a hand-written client on \`node:net\` that writes pre-built masked frames and only counts what comes back); ` +
    `the servers take turns and every ratio is taken within one round. Open-file limit of each process: ${limit}.`
  );
}

function echoSection(results: BenchResults): string {
  const rows = results.server?.echo ?? [];
  if (rows.length === 0) return '';
  const { rounds, windowMs, connections, windowBytes } = results.config.server.echo;
  return [
    '### Server: echo throughput',
    `${connections} connections per server, each with at most ${sizeLabel(windowBytes)} of messages unanswered; median (min–max) of ${rounds} windows of ${windowMs} ms per server. CPU is the server process's user + system time per echoed message; "busy" is the median share of one core that the server process and the load process used during the windows (the server near 100% when it sets the pace). Ratios to raw ws's window of the same round: median (IQR; min–max).`,
    table(
      ['Size', 'Server', 'msgs/s', 'MiB/s', 'server CPU µs/msg', 'server / load busy', 'msgs/s × ws', 'CPU/msg × ws'],
      rows.map((row) => [
        sizeLabel(row.size),
        serverLabels[row.server],
        cell(row.messagesPerSecond),
        cell(row.mibPerSecond),
        cell(row.cpuMicrosPerMessage),
        // Absent in results of the first runs.
        row.serverBusy === undefined ? '–' : `${percent(row.serverBusy.median)} / ${percent(row.loadBusy.median)}`,
        spreadCell(row.ratio),
        spreadCell(row.cpuRatio),
      ]),
    ),
  ].join('\n\n');
}

function roundTripSection(results: BenchResults): string {
  const rows = results.server?.roundTrip ?? [];
  if (rows.length === 0) return '';
  const { rounds, count: perRound, size } = results.config.server.roundTrip;
  return [
    '### Server: round trip',
    `${size} B echo, one message at a time on one connection, timed in the load process: ${rounds} rounds of ${perRound} per server${results.server?.roundTripOneCore === true ? ', the load and server processes pinned to one core' : ''}. p50 and p99 of all rounds pooled, with the range of single rounds; ratios to raw ws's p50 and p99 of the same round: median (IQR; min–max).`,
    table(
      ['Server', 'p50 µs', 'p99 µs', 'p50 × ws', 'p99 × ws'],
      rows.map((row) => [serverLabels[row.server], cell(row.p50), cell(row.p99), spreadCell(row.p50Ratio), spreadCell(row.p99Ratio)]),
    ),
  ].join('\n\n');
}

function broadcastSection(results: BenchResults): string {
  const rows = results.server?.broadcast ?? [];
  if (rows.length === 0) return '';
  const { rounds, size } = results.config.server.broadcast;
  return [
    '### Server: broadcast',
    `One ${sizeLabel(size)} text message to every connection: \`server.broadcast(path, frame)\` for the project, a loop over \`wss.clients\` calling \`send\` (the Buffer made once) for raw ws. Time from just before the call (in the server process) until the last connection of every load process has the whole frame; "in the call" is the synchronous part; server CPU is the server process's from the call to the last delivery. Median (min–max) of ${rounds} broadcasts per server. Speed × ws is raw ws's time over this server's in the same round (higher is faster): median (IQR; min–max).`,
    table(
      ['Connections', 'Server', 'to the last client, ms', 'in the call, ms', 'server CPU, ms', 'speed × ws'],
      rows.map((row) => [
        count(row.connections) +
          (row.connections < row.asked
            ? ` of ${count(row.asked)}${row.failure === undefined ? ' (open-file limit)' : `: ${row.failure}`}`
            : ''),
        serverLabels[row.server],
        cell(row.lastMs, ms),
        cell(row.callMs, ms),
        cell(row.cpuMs, ms),
        spreadCell(row.speedRatio),
      ]),
    ),
  ].join('\n\n');
}

function idleSection(results: BenchResults): string {
  const rows = results.server?.idle ?? [];
  if (rows.length === 0) return '';
  return [
    '### Server: memory per idle connection',
    `A fresh server process per measurement (${results.config.server.idle.repetitions} each) accepts the connections (its echo service attached, nothing flowing); the server process's memory per connection after full collections. Ratios to raw ws's in the same repetition: median (min–max).`,
    table(
      ['Server', 'Connections', 'RSS B/conn', 'heap + external B/conn', 'RSS × ws', 'heap × ws'],
      rows.map((row) => [
        serverLabels[row.server],
        count(row.connections) +
          (row.connections < row.asked
            ? ` of ${count(row.asked)}${row.failure === undefined ? ' (open-file limit)' : `: ${row.failure}`}`
            : ''),
        cell(row.rssPerConnection, bytes),
        cell(row.heapPerConnection, bytes),
        cell(row.rssRatio, ratio),
        cell(row.heapRatio, ratio),
      ]),
    ),
  ].join('\n\n');
}

/** The server sections of a report, with the method line first; empty when no server scenario ran. */
export function serverSections(results: BenchResults): string[] {
  if (results.server === undefined) return [];
  const sections = [echoSection(results), roundTripSection(results), broadcastSection(results), idleSection(results)].filter(
    (section) => section !== '',
  );
  return sections.length === 0 ? [] : [method(results), ...sections];
}
