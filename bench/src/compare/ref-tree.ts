/**
 * The two builds of `pnpm bench --compare <ref>`. The ref's tree is extracted with `git archive` into a temporary
 * folder, installed offline from the local pnpm store and built there; the working tree is built in place. Each tree
 * builds only `@aws/client`, `@aws/client-live` and `@aws/operators` with what they depend on (pnpm's `<name>...`
 * filter), so a ref whose packages are laid out differently (before `@aws/core`, say) works as well; for the server
 * scenarios `@aws/server-live` too, where the tree has it. The temporary folder is removed when the run ends, fails
 * or is interrupted (SIGINT, SIGTERM, SIGHUP).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refPackages } from './ref-hooks.js';

export interface Ref {
  /** The ref as given on the command line, e.g. `main` or `18eecc8`. */
  readonly ref: string;
  readonly commit: string;
  readonly short: string;
  /** The commit's subject line, for the report. */
  readonly subject: string;
}

export interface RefTree extends Ref {
  /** Where it is built, a real path: the client processes of the ref import from `<tree>/packages/…/dist`. */
  readonly tree: string;
  /** Removes the tree; also done at exit and on an interrupting signal. */
  dispose(): void;
  /** Whether the ref has `@aws/server-live`, built when the server scenarios run (its twin then runs beside it). */
  readonly hasServer: boolean;
}

const buildFilters = Object.keys(refPackages).flatMap((name) => ['--filter', `${name}...`]);

/** Whether the tree at `root` has the project's server (commits before issue 11 have not). */
export const hasServerPackage = (root: string): boolean => existsSync(join(root, 'packages', 'server-live', 'package.json'));

const active = new Set<ChildProcess>();

/** Runs a command to its end; resolves with its stdout, or rejects with its output when it fails. */
function run(command: string, args: readonly string[], cwd: string, input?: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    active.add(child);
    if (input !== undefined && child.stdin !== null) input.pipe(child.stdin);
    let stdout = '';
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.on('error', (error) => {
      active.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      active.delete(child);
      if (code === 0) resolve(stdout.trim());
      else reject(new Error(`\`${command} ${args.join(' ')}\` in ${cwd} failed (${code ?? signal}):\n${output.trim()}`));
    });
  });
}

/**
 * Builds the three packages (and their workspace dependencies) of the tree at `root`, with its own tools; with
 * `server`, `@aws/server-live` and its dependencies too when the tree has it.
 */
export async function buildPackages(root: string, options: { readonly server?: boolean } = {}): Promise<void> {
  const server = options.server === true && hasServerPackage(root);
  await run('pnpm', ['-r', ...buildFilters, ...(server ? ['--filter', '@aws/server-live...'] : []), 'build'], root);
  for (const folder of [...Object.values(refPackages), ...(server ? ['server-live'] : [])]) {
    const entry = join(root, 'packages', folder, 'dist', 'index.js');
    if (!existsSync(entry)) throw new Error(`${root}: the build gave no ${entry}`);
  }
}

/** The commit `ref` names in the repository at `repo`. */
export async function resolveRef(repo: string, ref: string): Promise<Ref> {
  const commit = await run('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], repo).catch(() => {
    throw new Error(`--compare ${ref}: not a commit of ${repo}`);
  });
  const short = await run('git', ['rev-parse', '--short', commit], repo);
  const subject = await run('git', ['log', '-1', '--format=%s', commit], repo);
  return { ref, commit, short, subject };
}

/** What the working tree is: its HEAD, and whether the packages differ from it (uncommitted changes). */
export async function describeWorkingTree(repo: string): Promise<{ readonly head: string; readonly changed: boolean }> {
  const head = await run('git', ['rev-parse', '--short', 'HEAD'], repo);
  const status = await run('git', ['status', '--porcelain', '--', 'packages'], repo);
  return { head, changed: status !== '' };
}

/** The commit of `ref`, extracted from the repository at `repo`, installed and built in a temporary folder. */
export async function prepareRefTree(
  repo: string,
  { ref, commit, short, subject }: Ref,
  progress: (line: string) => void,
  options: { readonly server?: boolean } = {},
): Promise<RefTree> {
  const tree = await realpath(await mkdtemp(join(tmpdir(), `aws-bench-ref-${short}-`)));
  let removed = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    for (const child of active) child.kill('SIGTERM');
    dispose();
    // Exiting runs child.ts's exit handler, which wakes and ends the client processes.
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  function dispose(): void {
    if (removed) return;
    removed = true;
    rmSync(tree, { recursive: true, force: true });
    process.off('exit', dispose);
    for (const signal of signals) process.off(signal, onSignal);
  }
  process.on('exit', dispose);
  for (const signal of signals) process.on(signal, onSignal);
  try {
    progress(`compare: ${ref} is ${short} "${subject}"; extracting it into ${tree}`);
    const archive = spawn('git', ['archive', '--format=tar', commit], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    active.add(archive);
    const archived = new Promise<void>((resolve, reject) =>
      archive.on('close', (code) => {
        active.delete(archive);
        if (code === 0) resolve();
        else reject(new Error(`git archive ${commit} failed (${code})`));
      }),
    );
    await Promise.all([run('tar', ['-x', '-f', '-'], tree, archive.stdout), archived]);
    progress('compare: pnpm install --offline --frozen-lockfile in the ref tree');
    await run('pnpm', ['install', '--offline', '--frozen-lockfile'], tree);
    progress('compare: building the ref tree');
    await buildPackages(tree, options);
    return { ref, commit, short, subject, tree, dispose, hasServer: options.server === true && hasServerPackage(tree) };
  } catch (error) {
    dispose();
    throw error;
  }
}
