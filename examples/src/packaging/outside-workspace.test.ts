import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../servers/serve.js';
import { startUsersServer } from '../servers/users.js';
import { awsClosure, publishedPackages, readmeFiles, repositoryRoot, run } from './run.js';

// README.md, "Using the packages outside this repository", done as a user would: build, pack, then a project of its
// own in a temporary directory (no pnpm, no workspace above it) that installs the tarballs with npm, compiles the
// README's program with tsc and the README's tsconfig.json and runs it with node, and runs it with tsx.
const files = readmeFiles('my-app/');
const published = publishedPackages();
const app = (work: string) => join(work, 'my-app');

describe('the packages, packed and installed with npm in a project outside the workspace', () => {
  let work = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'aws-outside-workspace-'));
    // The README's `pnpm build` and `pnpm pack`, for the published packages, into this test's directory.
    const filters = published.map((name) => `--filter=${name}`);
    await run('pnpm', ['build', '--output-logs=errors-only', ...filters], { cwd: repositoryRoot, timeout: 180_000 });
    await run('pnpm', ['-r', ...filters, 'pack', '--out', join(work, 'packs', '%s.tgz')], { cwd: repositoryRoot });
    for (const [path, text] of files) {
      await mkdir(dirname(join(app(work), path)), { recursive: true });
      await writeFile(join(app(work), path), text);
    }
    // The registry is reachable; the cache, when there is one, spares most of the download.
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app(work), timeout: 180_000 });
    server = await startUsersServer({ host: '127.0.0.1', port: 0 });
  }, 360_000);

  afterAll(async () => {
    await server?.close();
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  const node = (program: string) => run(process.execPath, [program], { cwd: app(work), env: { USERS_URL: server?.url ?? '' } });
  const tsc = (...args: string[]) => run(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), ...args], { cwd: app(work) });

  it('reads the project from the README: package.json, tsconfig.json and the program in both forms', () => {
    expect([...files.keys()].sort()).toEqual([
      'package.json',
      'src/first-user-finally.ts',
      'src/first-user.ts',
      'src/users.ts',
      'tsconfig.json',
    ]);
  });

  it('packs every published package, with the workspace: ranges rewritten to versions', async () => {
    expect(published).toEqual(expect.arrayContaining(['@aws/client', '@aws/core', '@aws/client-live', '@aws/operators', '@aws/all']));
    const tarballs = published.map((name) => `${name.replace(/^@/, '').replace('/', '-')}.tgz`);
    expect((await readdir(join(work, 'packs'))).sort()).toEqual(tarballs.sort());
    const installed = JSON.parse(await readFile(join(app(work), 'node_modules', '@aws', 'client-live', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(installed.dependencies['@aws/core']).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(JSON.stringify(installed)).not.toContain('workspace:');
  });

  it('compiles with tsc and the README tsconfig.json (await using rewritten for Node.js 20), and runs with node', async () => {
    await tsc('-p', '.');
    expect(await readFile(join(app(work), 'dist', 'first-user.js'), 'utf8')).not.toMatch(/await using/);
    expect((await node('dist/first-user.js')).stdout).toBe('first user: A\n');
    expect((await node('dist/first-user-finally.js')).stdout).toBe('first user: A\n');
  }, 120_000);

  it('runs with tsx, without a build step', async () => {
    const tsx = join('node_modules', '.bin', 'tsx');
    const { stdout } = await run(tsx, ['src/first-user.ts'], { cwd: app(work), env: { USERS_URL: server?.url ?? '' } });
    expect(stdout).toBe('first user: A\n');
  }, 60_000);

  // @aws/cli's `aws-ws` bin, from its built dist: installed from the tarballs (its @aws dependencies included, found
  // from the packed package.json files) into a project of its own, then run with npx against the Users server.
  it('installs @aws/cli from its tarball, and npx aws-ws runs from dist', async () => {
    const cli = join(work, 'cli-app');
    await mkdir(cli, { recursive: true });
    await writeFile(join(cli, 'package.json'), JSON.stringify({ name: 'cli-app', private: true, type: 'module' }));
    const tarballs = awsClosure('@aws/cli').map((name) => join(work, 'packs', `${name.replace(/^@/, '').replace('/', '-')}.tgz`));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], { cwd: cli, timeout: 180_000 });
    const npx = (...args: string[]) => run('npx', ['--no-install', 'aws-ws', ...args], { cwd: cli });
    expect((await npx('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const request = '{"request":{"_0":{"single":{"_0":{"getUsers":{"count":2}}}}}}';
    const args = ['--case', 'response.success.getUsers', '--field', 'users.1.name', '--count', '1', '-x', request];
    expect((await npx(server?.url ?? '', ...args)).stdout).toBe('"B"\n');
  }, 240_000);

  it('compiles without await using for any target: the try/finally form runs when compiled for ESNext', async () => {
    await tsc('-p', '.', '--target', 'ESNext', '--outDir', 'dist-esnext');
    expect((await node('dist-esnext/first-user-finally.js')).stdout).toBe('first user: A\n');
  }, 120_000);
});
