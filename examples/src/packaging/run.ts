import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the repository, where `pnpm-workspace.yaml` is. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunOptions {
  readonly cwd: string;
  /** Added to the environment of the command. */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 60 000 ms */
  readonly timeout?: number;
}

export interface RunOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a command gets: this process's, without what pnpm and vitest set for their own children
 * (`npm_config_*` and the like, `NODE_OPTIONS`, `NODE_ENV`), so that `npm install` and `node` behave as they would
 * in a fresh shell: `NODE_ENV=production` would make npm skip the devDependencies, and a `--conditions` in
 * `NODE_OPTIONS` would resolve the packages differently.
 */
function commandEnvironment(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm|pnpm)_/i.test(key) || key === 'NODE_OPTIONS' || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

const shown = 20_000;
const tail = (text: string) => (text.length > shown ? `…${text.slice(-shown)}` : text);

/**
 * Runs a command to its end and resolves with its output; rejects when it fails or outlives its timeout, with the
 * command, its exit code or signal, and the end of its stdout and stderr in the message: quiet when it works, every
 * detail when it does not.
 */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunOutput> {
  const { cwd, env = {}, timeout = 60_000 } = options;
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, env: commandEnvironment(env), timeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout, stderr });
        const how = error.killed ? `killed after ${timeout} ms` : `exit code ${String(error.code)}`;
        reject(
          new Error(
            `\`${[command, ...args].join(' ')}\` in ${cwd} failed (${how})\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`,
          ),
        );
      },
    );
  });
}

/**
 * The files the root README.md shows under a `<!-- file: <prefix><path> -->` line, each the code block right after it,
 * keyed by `<path>`: the README's examples are the tests' inputs, so the two cannot drift apart.
 */
export function readmeFiles(prefix: string): Map<string, string> {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const files = new Map<string, string>();
  for (const match of readme.matchAll(/^<!-- file: (\S+) -->\n```[\w-]*\n([\s\S]*?)^```$/gm)) {
    const [, name = '', text = ''] = match;
    if (name.startsWith(prefix)) files.set(name.slice(prefix.length), text);
  }
  return files;
}

/** The names of the packages under `packages/` that are published, the ones not marked `private`. */
export function publishedPackages(): string[] {
  const names: string[] = [];
  for (const folder of readdirSync(join(repositoryRoot, 'packages')).sort()) {
    let manifest: { name?: string; private?: boolean };
    try {
      manifest = JSON.parse(readFileSync(join(repositoryRoot, 'packages', folder, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      continue; // not a package
    }
    if (manifest.private !== true && manifest.name !== undefined) names.push(manifest.name);
  }
  return names;
}

/**
 * A published package and the `@aws` packages it depends on, transitively, read from the `package.json` files under
 * `packages/`: the tarballs a project outside the workspace must install together, since npm would look for the
 * others on the registry.
 */
export function awsClosure(name: string): string[] {
  const manifests = new Map<string, { dependencies?: Record<string, string> }>();
  for (const folder of readdirSync(join(repositoryRoot, 'packages'))) {
    try {
      const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'packages', folder, 'package.json'), 'utf8')) as {
        name?: string;
        dependencies?: Record<string, string>;
      };
      if (manifest.name !== undefined) manifests.set(manifest.name, manifest);
    } catch {
      // not a package
    }
  }
  const found = new Set<string>();
  const visit = (current: string): void => {
    if (found.has(current) || !manifests.has(current)) return;
    found.add(current);
    for (const dependency of Object.keys(manifests.get(current)?.dependencies ?? {})) if (dependency.startsWith('@aws/')) visit(dependency);
  };
  visit(name);
  return [...found].sort();
}
