import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages, within } from '@aws/test-utils';

/** The package's root, where `tsx` resolves from. */
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));

/** The command that runs the binary from its sources: one Node.js process, with tsx as its loader. */
const binCommand = [process.execPath, '--import', 'tsx', '--conditions=@aws/source', bin] as const;

/** A running `aws-ws`, its output collected. */
export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  /** Resolves once stdout matches, within `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  type(...lines: string[]): void;
  /** Resolves with the exit code once it has exited (a signal gives `null`). */
  readonly exit: Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills, by pid, every child still running: for `afterAll`, so a failed test leaves no process behind. */
export function killChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** The environment of a child: this one's, without what would change how it runs (vitest's, colours). */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['NODE_OPTIONS', 'NO_COLOR', 'FORCE_COLOR', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID']) delete env[key];
  return { ...env, ...extra };
}

/** Starts a command; it is killed after `timeout` ms whatever happens. */
function start(command: readonly string[], options: { readonly env?: Record<string, string>; readonly timeout?: number } = {}): Child {
  const [file = '', ...args] = command;
  const child = spawn(file, args, { cwd: packageRoot, env: environment(options.env ?? {}) });
  running.add(child);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 15_000);
  const waiters = new Set<() => void>();
  const result: Child = {
    process: child,
    stdout: '',
    stderr: '',
    waitFor: async (pattern, ms = 8000) => {
      let check!: () => void;
      const found = new Promise<RegExpMatchArray>((resolve) => {
        check = () => {
          const match = result.stdout.match(pattern);
          if (match !== null) resolve(match);
        };
        waiters.add(check);
        check();
      });
      try {
        return await within(
          found,
          ms,
          `stdout matching ${pattern} (stdout ${JSON.stringify(result.stdout)}, stderr ${JSON.stringify(result.stderr)})`,
        );
      } finally {
        waiters.delete(check);
      }
    },
    type: (...lines) => {
      for (const line of lines) child.stdin.write(`${line}\n`);
    },
    exit: new Promise((resolve) => {
      child.on('close', (code) => {
        clearTimeout(killer);
        running.delete(child);
        resolve(code);
      });
    }),
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    result.stdout += chunk;
    for (const waiter of waiters) waiter();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    result.stderr += chunk;
  });
  return result;
}

/** Runs `aws-ws` with these arguments. */
export const aws = (args: readonly string[], options?: { readonly env?: Record<string, string>; readonly timeout?: number }) =>
  start([...binCommand, ...args], options);

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Where util-linux's `script` is: it runs a command in a pseudo-terminal. */
const scriptPath = '/usr/bin/script';

/**
 * Makes sure util-linux's `script(1)` is there: Debian's `bsdutils` is essential, so it is on a fresh machine, but
 * a slimmed image may lack it; then it is installed with apt-get as root (as on CI), the way the browser test
 * installs Chromium, or the test fails saying what to run.
 */
export async function ensureScript(): Promise<void> {
  await ensureDebianPackages([{ name: 'bsdutils', path: scriptPath }]);
}

/**
 * Runs `aws-ws` in a pseudo-terminal with util-linux's `script(1)` (see {@link ensureScript}): stdin and stdout
 * are then a terminal, as for a person at the prompt. What the test writes goes to the terminal's input; stdout is
 * the screen, escape codes and all. `-e` passes the exit code on.
 */
export function inTerminal(args: readonly string[], options?: { readonly env?: Record<string, string>; readonly timeout?: number }): Child {
  return start([scriptPath, '-qefc', [...binCommand, ...args].map(quote).join(' '), '/dev/null'], options);
}
