import { adapterOf, baseline, isRef, labelOf, type ClientKey, type ClientName } from '../clients/adapter.js';
import type { BenchResults } from '../results.js';
import type { ThroughputRow } from '../scenarios/throughput.js';
import { serverLabels, type ServerKey } from '../server-side/keys.js';
import type { Summary } from '../stats.js';
import { sizeLabel } from './format.js';

/**
 * A plain SVG chart of one run, written by hand: the client's throughput ratios on the left, slow-consumer memory on
 * the right, and below them (or alone) the server's ratios to raw ws.
 */

const width = 1000;
const baseHeight = 460;
const top = 50;
const bottom = 360;
const colors: Readonly<Record<ClientName, string>> = {
  'ws-json': '#555555',
  undici: '#8c6d31',
  'rxjs-ws': '#9467bd',
  'live-frames': '#1f77b4',
  'live-pipeline': '#2ca02c',
  'live-pipeline-for-await': '#17becf',
  'live-for-await': '#d62728',
  'web-frames': '#ff7f0e',
};
const MiB = 1024 * 1024;
/** A ref client (`--compare`) takes the colour of its working tree twin, paler (bars) or dashed (lines). */
const fill = (key: ClientKey): string => `fill="${colors[adapterOf(key)]}"${isRef(key) ? ' fill-opacity="0.4"' : ''}`;
const stroke = (key: ClientKey): string => `stroke="${colors[adapterOf(key)]}"${isRef(key) ? ' stroke-dasharray="5 3"' : ''}`;
/** The clients of some rows, in the order of the rows. */
const keysOf = (rows: readonly { readonly client: ClientKey }[]): ClientKey[] => [...new Set(rows.map((row) => row.client))];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, content: string, attributes = ''): string =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;
const line = (x1: number, y1: number, x2: number, y2: number, attributes: string): string =>
  `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attributes}/>`;

/** Horizontal grid lines with their labels, for a y scale. */
function yAxis(
  left: number,
  right: number,
  ticks: readonly number[],
  y: (value: number) => number,
  label: (value: number) => string,
): string[] {
  return ticks.flatMap((tick) => [
    line(left, y(tick), right, y(tick), 'stroke="#e5e5e5"'),
    text(left - 6, y(tick) + 4, label(tick), 'text-anchor="end" font-size="11" fill="#666"'),
  ]);
}

function throughputPanel(rows: readonly ThroughputRow[]): string[] {
  const [left, right, maximum] = [60, 560, 1.6];
  const y = (value: number): number => bottom - (Math.min(value, maximum) / maximum) * (bottom - top);
  const sizes = [...new Set(rows.map((row) => row.size))];
  const clients = keysOf(rows).filter((client) => client !== baseline);
  const group = (right - left) / Math.max(1, sizes.length);
  const bar = (group * 0.8) / Math.max(1, clients.length);
  const parts = [
    text(left, top - 28, 'Receive throughput, × raw ws + JSON.parse', 'font-size="14" font-weight="bold"'),
    text(left, top - 12, 'median of the rounds; whiskers: min–max; dotted: the 0.9 and 0.8 targets', 'font-size="11" fill="#666"'),
    ...yAxis(left, right, [0, 0.4, 0.8, 1.2, 1.6], y, (tick) => tick.toFixed(1)),
  ];
  sizes.forEach((size, index) => {
    const start = left + index * group + group * 0.1;
    parts.push(text(left + index * group + group / 2, bottom + 18, sizeLabel(size), 'text-anchor="middle" font-size="12"'));
    clients.forEach((client, slot) => {
      const row = rows.find((candidate) => candidate.size === size && candidate.client === client);
      if (row === undefined) return;
      const x = start + slot * bar;
      const middle = x + bar / 2;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(row.ratio.median).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(bottom - y(row.ratio.median)).toFixed(1)}" ${fill(client)}/>`,
        line(middle - 1, y(row.ratio.min), middle - 1, y(row.ratio.max), 'stroke="#000" stroke-width="1"'),
      );
    });
  });
  parts.push(
    line(left, y(1), right, y(1), 'stroke="#000" stroke-dasharray="6 3"'),
    line(left, y(0.9), right, y(0.9), 'stroke="#2ca02c" stroke-dasharray="2 3"'),
    line(left, y(0.8), right, y(0.8), 'stroke="#17becf" stroke-dasharray="2 3"'),
    text(right + 4, y(0.9) + 4, '0.9', 'font-size="10" fill="#2ca02c"'),
    text(right + 4, y(0.8) + 4, '0.8', 'font-size="10" fill="#17becf"'),
  );
  return parts;
}

function slowPanel(results: BenchResults): string[] {
  const [left, right] = [680, 970];
  const rows = results.slow;
  const limit = results.config.slowConsumer.receiveBuffer.bytes + 32 * MiB;
  const duration = results.config.slowConsumer.durationMs;
  const peak = Math.max(limit, ...rows.flatMap((row) => row.points.map((point) => point.rss)));
  const step = Math.max(16, Math.ceil(peak / MiB / 4 / 16) * 16);
  const maximum = step * 4 * MiB;
  const x = (ms: number): number => left + (ms / duration) * (right - left);
  const y = (value: number): number => bottom - (Math.max(0, value) / maximum) * (bottom - top);
  const parts = [
    text(left - 40, top - 28, 'Slow consumer: RSS growth, MiB', 'font-size="14" font-weight="bold"'),
    text(left - 40, top - 12, 'application 100× slower than the server', 'font-size="11" fill="#666"'),
    ...yAxis(
      left,
      right,
      [0, 1, 2, 3, 4].map((index) => index * step * MiB),
      y,
      (tick) => String(tick / MiB),
    ),
    text(left, bottom + 18, '0 s', 'text-anchor="middle" font-size="12"'),
    text(right, bottom + 18, `${duration / 1000} s`, 'text-anchor="middle" font-size="12"'),
    line(left, y(limit), right, y(limit), 'stroke="#d62728" stroke-dasharray="2 3"'),
    text(right, y(limit) - 4, 'high-water mark + 32 MiB', 'text-anchor="end" font-size="10" fill="#d62728"'),
  ];
  for (const row of rows) {
    const points = row.points.map((point) => `${x(point.ms).toFixed(1)},${y(point.rss).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" ${stroke(row.client)} stroke-width="2"/>`);
  }
  return parts;
}

/** Four columns, or three for the longer labels of a comparison; the chart grows by the rows past the second. */
function legend(results: BenchResults): { parts: string[]; rows: number } {
  const used = keysOf([...results.throughput, ...results.slow]);
  const columns = used.some(isRef) ? 3 : 4;
  const parts = used.map((client, index) => {
    const x = 60 + (index % columns) * (920 / columns);
    const y = bottom + 45 + Math.floor(index / columns) * 20;
    return `<rect x="${x}" y="${y - 10}" width="12" height="12" ${fill(client)}/>${text(x + 18, y, labelOf(client), 'font-size="12"')}`;
  });
  return { parts, rows: Math.ceil(used.length / columns) };
}

const serverHeight = 400;
const serverColors: Readonly<Record<ServerKey, string>> = { ws: '#555555', live: '#1f77b4', 'live@ref': '#1f77b4' };

/** One bar group of the server panel: a ratio to raw ws per server, and the target it is read against. */
interface ServerMeasure {
  readonly label: string;
  readonly bars: readonly { readonly server: ServerKey; readonly ratio: Summary }[];
  readonly target: number;
  /** Whether the target is a floor (throughput, speed) or a ceiling (latency, memory). */
  readonly atLeast: boolean;
}

function serverMeasures(results: BenchResults): ServerMeasure[] {
  const server = results.server;
  if (server === undefined) return [];
  const live = <Row extends { readonly server: ServerKey }>(rows: readonly Row[]): Row[] => rows.filter((row) => row.server !== 'ws');
  const measures: ServerMeasure[] = [];
  for (const size of [...new Set(server.echo.map((row) => row.size))]) {
    const bars = live(server.echo.filter((row) => row.size === size)).map((row) => ({ server: row.server, ratio: row.ratio }));
    measures.push({ label: `echo ${sizeLabel(size)}, msgs/s`, bars, target: 0.95, atLeast: true });
  }
  if (server.roundTrip.length > 0) {
    measures.push({
      label: 'round trip p99',
      bars: live(server.roundTrip).map((row) => ({ server: row.server, ratio: row.p99Ratio })),
      target: 1 / 0.95,
      atLeast: false,
    });
  }
  for (const connections of [...new Set(server.broadcast.map((row) => row.asked))]) {
    const rows = live(server.broadcast.filter((row) => row.asked === connections));
    measures.push({
      label: `broadcast ${(rows[0]?.connections ?? connections).toLocaleString('en-US')}, speed`,
      bars: rows.map((row) => ({ server: row.server, ratio: row.speedRatio })),
      target: 1,
      atLeast: true,
    });
  }
  if (server.idle.length > 0) {
    measures.push({
      label: 'idle conn. RSS',
      bars: live(server.idle).map((row) => ({ server: row.server, ratio: row.rssRatio })),
      target: 1.2,
      atLeast: false,
    });
    measures.push({
      label: 'idle conn. heap',
      bars: live(server.idle).map((row) => ({ server: row.server, ratio: row.heapRatio })),
      target: 1.2,
      atLeast: false,
    });
  }
  return measures;
}

/** The server scenarios as one row of bars: each measure of the project's server over raw ws, with its target. */
function serverPanel(results: BenchResults, offset: number): string[] {
  const measures = serverMeasures(results);
  if (measures.length === 0) return [];
  const [left, right, panelTop, panelBottom, maximum] = [60, 970, offset + 50, offset + 320, 3];
  const y = (value: number): number => panelBottom - (Math.min(Math.max(value, 0), maximum) / maximum) * (panelBottom - panelTop);
  const group = (right - left) / measures.length;
  const parts = [
    text(left, panelTop - 28, 'Server: @aws/server-live × raw ws WebSocketServer', 'font-size="14" font-weight="bold"'),
    text(
      left,
      panelTop - 12,
      'median of the per-round ratios; whiskers: min–max; red ticks: the targets (≥ for msgs/s and speed, ≤ for latency and memory)',
      'font-size="11" fill="#666"',
    ),
    ...yAxis(left, right, [0, 0.5, 1, 1.5, 2, 2.5, 3], y, (tick) => tick.toFixed(1)),
    line(left, y(1), right, y(1), 'stroke="#000" stroke-dasharray="6 3"'),
  ];
  measures.forEach((measure, index) => {
    const start = left + index * group;
    const bar = (group * 0.6) / Math.max(1, measure.bars.length);
    parts.push(text(start + group / 2, panelBottom + 18, measure.label, 'text-anchor="middle" font-size="11"'));
    parts.push(line(start + group * 0.12, y(measure.target), start + group * 0.88, y(measure.target), 'stroke="#d62728" stroke-width="2"'));
    parts.push(
      text(
        start + group * 0.88,
        y(measure.target) - 3,
        `${measure.atLeast ? '≥' : '≤'} ${measure.target.toFixed(2)}`,
        'text-anchor="end" font-size="9" fill="#d62728"',
      ),
    );
    measure.bars.forEach(({ server, ratio }, slot) => {
      const x = start + group * 0.2 + slot * bar;
      const middle = x + bar / 2;
      const color = `fill="${serverColors[server]}"${server === 'live@ref' ? ' fill-opacity="0.4"' : ''}`;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(ratio.median).toFixed(1)}" width="${(bar - 2).toFixed(1)}" height="${(panelBottom - y(ratio.median)).toFixed(1)}" ${color}/>`,
        line(middle - 1, y(ratio.min), middle - 1, y(ratio.max), 'stroke="#000" stroke-width="1"'),
        text(middle, y(Math.max(ratio.median, ratio.max)) - 4, ratio.median.toFixed(2), 'text-anchor="middle" font-size="10"'),
      );
    });
  });
  const keys = [...new Set(measures.flatMap((measure) => measure.bars.map((bar) => bar.server)))];
  keys.forEach((server, index) => {
    const x = 60 + index * 300;
    const color = `fill="${serverColors[server]}"${server === 'live@ref' ? ' fill-opacity="0.4"' : ''}`;
    parts.push(
      `<rect x="${x}" y="${panelBottom + 35}" width="12" height="12" ${color}/>${text(x + 18, panelBottom + 45, serverLabels[server], 'font-size="12"')}`,
    );
  });
  return parts;
}

export function renderSvg(results: BenchResults): string {
  const compared = results.compare === undefined ? '' : `, working tree vs ${results.compare.short}`;
  const title = `${results.machine.cores} cores, Node ${results.machine.node}, ${results.startedAt}${compared}${results.config.quick ? ' (--quick)' : ''}`;
  const hasClient = results.throughput.length + results.slow.length > 0;
  const hasServer = serverMeasures(results).length > 0;
  const key = legend(results);
  const clientHeight = hasClient || !hasServer ? baseHeight + Math.max(0, key.rows - 2) * 20 : 0;
  const height = clientHeight + (hasServer ? serverHeight : 0);
  const body = [
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    text(width - 10, height - 8, title, 'text-anchor="end" font-size="11" fill="#666"'),
    ...(results.throughput.length > 0 ? throughputPanel(results.throughput) : []),
    ...(results.slow.length > 0 ? slowPanel(results) : []),
    ...(clientHeight > 0 ? key.parts : []),
    ...(hasServer ? serverPanel(results, clientHeight) : []),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n${body.join('\n')}\n</svg>\n`;
}
