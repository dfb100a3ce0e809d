import { isRef, type ClientName } from '../clients/adapter.js';
import type { BenchResults } from '../results.js';
import type { Spread, Summary } from '../stats.js';
import { sizeLabel } from './format.js';

/** One target (issue 17's for the client, 11's for the server) and what this run measured for it, on the working tree
 * (not the ref of `--compare`). */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const MiB = 1024 * 1024;

function throughputChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const wanted: [ClientName, string, number][] = [
    ['live-pipeline', 'typed pipeline (b)', 0.95],
    ['live-pipeline-for-await', 'for await (c)', 0.9],
    ['live-for-await', 'for await on frames (c′)', 0.9],
  ];
  for (const size of [64, 16 * 1024]) {
    for (const [client, name, minimum] of wanted) {
      const row = results.throughput.find((candidate) => candidate.size === size && candidate.client === client);
      if (row === undefined) continue;
      const measured = `${row.ratio.median.toFixed(2)}× (rounds ${row.ratio.min.toFixed(2)}–${row.ratio.max.toFixed(2)})`;
      checks.push({ target: `${name} ≥ ${minimum}× baseline msgs/s at ${sizeLabel(size)}`, measured, met: row.ratio.median >= minimum });
    }
  }
  // Issue 12: the web client on undici against undici's raw WebSocket + JSON.parse, both measured against the baseline.
  for (const size of [64, 16 * 1024]) {
    const web = results.throughput.find((candidate) => candidate.size === size && candidate.client === 'web-frames');
    const raw = results.throughput.find((candidate) => candidate.size === size && candidate.client === 'undici');
    if (web === undefined || raw === undefined) continue;
    const ratio = web.ratio.median / raw.ratio.median;
    checks.push({
      target: `web client ≥ 0.9× raw undici msgs/s at ${sizeLabel(size)}`,
      measured: `${ratio.toFixed(2)}×`,
      met: ratio >= 0.9,
    });
  }
  return checks;
}

function roundTripChecks(results: BenchResults): TargetCheck[] {
  const baseline = results.roundTrip.find((row) => row.client === 'ws-json');
  return results.roundTrip
    .filter((row) => row.client !== 'ws-json' && !isRef(row.client))
    .flatMap((row) => {
      const p50 = baseline === undefined ? Number.NaN : row.p50.median / baseline.p50.median;
      return [
        {
          target: `p50 round trip ≤ 1.1× raw ws: ${row.client}`,
          measured: `${p50.toFixed(2)}× (${row.p50.median.toFixed(1)} µs, pooled)`,
          met: p50 <= 1.1,
        },
        {
          target: `p99 round trip ≤ 1.05× raw ws: ${row.client}`,
          measured: `${row.p99Ratio.median.toFixed(2)}× (${row.p99.median.toFixed(0)} µs)`,
          met: row.p99Ratio.median <= 1.05,
        },
      ];
    });
}

function idleChecks(results: BenchResults): TargetCheck[] {
  const row = results.idle.find((candidate) => candidate.client === 'live-frames');
  if (row === undefined) return [];
  const at = `at ${row.connections.toLocaleString('en-US')} connections`;
  return [
    {
      target: `memory per idle connection ≤ 1.1× raw ws (RSS)`,
      measured: `${row.rssRatio.median.toFixed(2)}× ${at}`,
      met: row.rssRatio.median <= 1.1,
    },
    {
      target: `memory per idle connection ≤ 1.5× raw ws (heap + external)`,
      measured: `${row.heapRatio.median.toFixed(2)}× ${at}`,
      met: row.heapRatio.median <= 1.5,
    },
  ];
}

function slowChecks(results: BenchResults): TargetCheck[] {
  const live = results.slow.find((row) => row.client === 'live-for-await');
  if (live === undefined) return [];
  const limit = results.config.slowConsumer.receiveBuffer.bytes + 32 * MiB;
  const others = results.slow.filter((row) => row.client !== 'live-for-await' && !isRef(row.client));
  return [
    {
      target: `slow consumer: peak RSS growth < high-water mark + 32 MiB = ${limit / MiB} MiB (worst run)`,
      measured: `${(live.peakRss.max / MiB).toFixed(1)} MiB`,
      met: live.peakRss.max < limit,
    },
    {
      target: 'slow consumer: the others keep growing (RSS still rising in the second half)',
      measured: others.map((row) => `${row.client} +${(row.lateGrowth.median / MiB).toFixed(0)} MiB`).join(', '),
      met: others.every((row) => row.lateGrowth.median > 4 * MiB),
    },
  ];
}

const spreadText = (spread: Spread): string =>
  `${spread.median.toFixed(2)}× (IQR ${spread.q1.toFixed(2)}–${spread.q3.toFixed(2)}, rounds ${spread.min.toFixed(2)}–${spread.max.toFixed(2)})`;

/** Issue 11's targets for the project's server against raw `ws` (the working tree's server, not the ref's). */
function serverChecks(results: BenchResults): TargetCheck[] {
  const server = results.server;
  if (server === undefined) return [];
  const checks: TargetCheck[] = [];
  for (const row of server.echo.filter((candidate) => candidate.server === 'live')) {
    checks.push({
      target: `server echo ≥ 0.95× raw ws msgs/s at ${sizeLabel(row.size)}`,
      measured: spreadText(row.ratio),
      met: row.ratio.median >= 0.95,
    });
  }
  for (const row of server.roundTrip.filter((candidate) => candidate.server === 'live')) {
    checks.push({
      target: 'server p99 round trip ≤ 1.05× raw ws (the echo target, 0.95×, as a latency)',
      measured: `${spreadText(row.p99Ratio)}, ${row.p99.median.toFixed(0)} µs`,
      met: row.p99Ratio.median <= 1 / 0.95,
    });
  }
  for (const row of server.broadcast.filter((candidate) => candidate.server === 'live')) {
    checks.push({
      target: `broadcast of ${sizeLabel(results.config.server.broadcast.size)} to ${row.connections.toLocaleString('en-US')} connections ≥ 1.0× the raw ws loop (speed)`,
      measured: `${spreadText(row.speedRatio)}, ${row.lastMs.median.toFixed(1)} ms`,
      met: row.speedRatio.median >= 1,
    });
  }
  for (const row of server.idle.filter((candidate) => candidate.server === 'live')) {
    const at = `at ${row.connections.toLocaleString('en-US')} connections`;
    const range = (summary: Summary): string => `${summary.median.toFixed(2)}× (${summary.min.toFixed(2)}–${summary.max.toFixed(2)}) ${at}`;
    checks.push(
      { target: 'memory per idle server connection ≤ 1.2× raw ws (RSS)', measured: range(row.rssRatio), met: row.rssRatio.median <= 1.2 },
      {
        target: 'memory per idle server connection ≤ 1.2× raw ws (heap + external)',
        measured: range(row.heapRatio),
        met: row.heapRatio.median <= 1.2,
      },
    );
  }
  return checks;
}

/** The targets of the client scenarios (issue 6), of the server scenarios (issue 11), or of both. */
export function checkTargets(results: BenchResults, part: 'client' | 'server' | 'all' = 'all'): TargetCheck[] {
  const client =
    part === 'server' ? [] : [...throughputChecks(results), ...roundTripChecks(results), ...idleChecks(results), ...slowChecks(results)];
  return [...client, ...(part === 'client' ? [] : serverChecks(results))];
}
