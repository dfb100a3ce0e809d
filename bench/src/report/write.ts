import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { benchDir } from '../child.js';
import type { BenchResults } from '../results.js';
import { machineLine, renderMarkdown, renderTables } from './markdown.js';
import { renderSvg } from './svg.js';

const repoDir = join(benchDir, '..');
const benchmarksFile = join(repoDir, 'BENCHMARKS.md');
const start = '<!-- bench:results:start -->';
const end = '<!-- bench:results:end -->';

/** The latest run's part of BENCHMARKS.md; the hand-written text around the markers stays as it is. */
async function updateBenchmarks(results: BenchResults, chartFromRepo: string, reportFromRepo: string): Promise<void> {
  const section = [
    start,
    `## Latest results\n\n${machineLine(results)} Full report: [${reportFromRepo}](${reportFromRepo}).`,
    `![chart](${chartFromRepo})`,
    renderTables(results).replace(/^### /gm, '#### ').replace(/^#### Targets/m, '### Targets'),
    end,
  ].join('\n\n');
  const current = await readFile(benchmarksFile, 'utf8').catch(() => `# Benchmarks\n\n${start}\n${end}\n`);
  const [before, rest] = current.includes(start) ? current.split(start) : [current + '\n', `${end}`];
  const after = (rest ?? '').split(end)[1] ?? '\n';
  await writeFile(benchmarksFile, `${before}${section}${after}`);
}

/**
 * Writes `<run>.md`, `<run>.svg` and `<run>.json` under bench/results/ (results/quick/ for --quick, which is not
 * kept in git; `<run>.vs-<commit>.*` for --compare), and after a full run of every scenario the latest tables into
 * BENCHMARKS.md.
 */
export async function writeReports(results: BenchResults, options: { full: boolean }): Promise<string[]> {
  const dir = join(benchDir, 'results', results.config.quick ? 'quick' : '');
  await mkdir(dir, { recursive: true });
  const stamp = results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const name = results.compare === undefined ? stamp : `${stamp}.vs-${results.compare.short}`;
  const files = { md: join(dir, `${name}.md`), svg: join(dir, `${name}.svg`), json: join(dir, `${name}.json`) };
  await writeFile(files.svg, renderSvg(results));
  await writeFile(files.md, renderMarkdown(results, `${name}.svg`));
  await writeFile(files.json, JSON.stringify(results, null, 1));
  const written = Object.values(files).map((file) => relative(repoDir, file));
  if (options.full) {
    await updateBenchmarks(results, relative(repoDir, files.svg), relative(repoDir, files.md));
    written.push('BENCHMARKS.md');
  }
  return written;
}
