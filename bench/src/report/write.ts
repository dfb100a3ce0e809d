import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { benchDir } from '../child.js';
import type { BenchResults } from '../results.js';
import { machineLine, renderMarkdown, renderTables } from './markdown.js';
import { renderSvg } from './svg.js';

const repoDir = join(benchDir, '..');
const benchmarksFile = join(repoDir, 'BENCHMARKS.md');
/** The two generated parts of BENCHMARKS.md, each between its markers: the client's latest results and the server's. */
const markers = {
  client: { start: '<!-- bench:results:start -->', end: '<!-- bench:results:end -->', title: 'Latest results' },
  server: { start: '<!-- bench:server-results:start -->', end: '<!-- bench:server-results:end -->', title: 'Latest server results' },
} as const;

/** The latest run's `part` of BENCHMARKS.md; the hand-written text around the markers stays as it is. */
async function updateBenchmarks(
  results: BenchResults,
  part: 'client' | 'server',
  chartFromRepo: string,
  reportFromRepo: string,
): Promise<void> {
  const { start, end, title } = markers[part];
  const section = [
    start,
    `## ${title}\n\n${machineLine(results)} Full report: [${reportFromRepo}](${reportFromRepo}).`,
    `![chart](${chartFromRepo})`,
    renderTables(results, part)
      .replace(/^### /gm, '#### ')
      .replace(/^#### Targets/m, '### Targets'),
    end,
  ].join('\n\n');
  const current = await readFile(benchmarksFile, 'utf8').catch(() => '# Benchmarks\n');
  // A part not in the file yet goes at its end.
  const [before, rest] = current.includes(start) ? current.split(start) : [current.trimEnd() + '\n\n', `${end}\n`];
  const after = (rest ?? '').split(end)[1] ?? '\n';
  await writeFile(benchmarksFile, `${before}${section}${after}`);
}

/**
 * Writes `<run>.md`, `<run>.svg` and `<run>.json` under bench/results/ (results/quick/ for --quick, which is not
 * kept in git; `<run>.vs-<commit>.*` for --compare), and the latest tables into BENCHMARKS.md: those of the client
 * after a full run of every client scenario (`options.client`), those of the server after one of every server
 * scenario (`options.server`).
 */
export async function writeReports(
  results: BenchResults,
  options: { readonly client: boolean; readonly server: boolean },
): Promise<string[]> {
  const dir = join(benchDir, 'results', results.config.quick ? 'quick' : '');
  await mkdir(dir, { recursive: true });
  const stamp = results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const name = results.compare === undefined ? stamp : `${stamp}.vs-${results.compare.short}`;
  const files = { md: join(dir, `${name}.md`), svg: join(dir, `${name}.svg`), json: join(dir, `${name}.json`) };
  await writeFile(files.svg, renderSvg(results));
  await writeFile(files.md, renderMarkdown(results, `${name}.svg`));
  await writeFile(files.json, JSON.stringify(results, null, 1));
  const written = Object.values(files).map((file) => relative(repoDir, file));
  for (const part of ['client', 'server'] as const) {
    if (!options[part]) continue;
    await updateBenchmarks(results, part, relative(repoDir, files.svg), relative(repoDir, files.md));
    if (!written.includes('BENCHMARKS.md')) written.push('BENCHMARKS.md');
  }
  return written;
}
