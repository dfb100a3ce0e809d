import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isRef, type ClientKey } from './clients/adapter.js';

/** The bench package folder: children run from it so that `--import tsx` resolves to its own dependency. */
export const benchDir = fileURLToPath(new URL('..', import.meta.url));

export interface ChildOptions {
  /** Raise the open-file limit (to the hard limit if 65536 is refused) for processes that hold thousands of sockets. */
  readonly manyFiles?: boolean;
  /** Extra node flags, e.g. `--expose-gc` or `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** With `--compare`: the process imports the packages from the ref tree's dist (`childSettings.refTree`). */
  readonly ref?: boolean;
}

/** A node process of this package, spoken to over IPC one request at a time. */
export interface Child {
  /** The node process's id (a `manyFiles` shell execs node, so it is the same process). */
  readonly pid: number | undefined;
  request<T>(message: unknown): Promise<T>;
  next<T>(): Promise<T>;
  /** SIGSTOP: the process stops reading its sockets, so TCP flow control stops its server too. */
  freeze(): void;
  /** SIGCONT: it goes on where it stopped. */
  thaw(): void;
  stop(): Promise<void>;
}

/**
 * Whether client processes load the workspace packages from their TypeScript sources (the `@aws/source` condition,
 * compiled by tsx) or from their built `dist` (what users install; run `pnpm build` first). tsx compiles with esbuild's
 * keepNames, which defines a `name` on every named closure and so adds memory per closure that tsc's output has not.
 */
export const childSettings: { source: boolean; refTree?: string } = { source: true };

type Waiter = { resolve: (message: unknown) => void; reject: (error: Error) => void };

const running = new Set<ChildProcess>();
// A frozen child would never see its IPC channel close: whatever ends the orchestrator, wake and end them all.
process.on('exit', () => {
  for (const child of running) {
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  }
});

function spawnNode(file: string, args: readonly string[], options: ChildOptions): ChildProcess {
  const condition = childSettings.source ? ['--conditions=@aws/source'] : [];
  const { refTree } = childSettings;
  if (options.ref === true && refTree === undefined) throw new Error(`${file}: a ref process without a ref tree`);
  // After tsx, so that tsx compiles the hooks module; hooks registered later are asked first.
  const ref = options.ref === true ? ['--import', './src/compare/use-ref.ts'] : [];
  const node = [...(options.nodeArgs ?? []), '--import', 'tsx', ...ref, ...condition, `src/${file}`, ...args];
  const env = options.ref === true ? { ...process.env, BENCH_REF_TREE: refTree } : process.env;
  const settings = { cwd: benchDir, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[] };
  if (!options.manyFiles) return spawn(process.execPath, node, settings);
  // ulimit is a shell builtin: the shell raises the limit, then exec hands its process (and the IPC fd) to node.
  const raise = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"';
  return spawn('sh', ['-c', raise, 'sh', process.execPath, ...node], settings);
}

/** Starts `src/<file>` under tsx with the workspace's source condition, so no package needs building. */
export function startChild(file: string, args: readonly string[] = [], options: ChildOptions = {}): Child {
  const child = spawnNode(file, args, options);
  running.add(child);
  const inbox: unknown[] = [];
  const waiters: Waiter[] = [];
  let ended: Error | undefined;
  // A child reports a failure as `{ error }`: it becomes a rejection of the request that caused it.
  const settle = (message: unknown, waiter: Waiter): void => {
    const failure = (message as { error?: string }).error;
    if (failure === undefined) waiter.resolve(message);
    else waiter.reject(new Error(`${file}: ${failure}`));
  };
  child.on('message', (message: unknown) => {
    const waiter = waiters.shift();
    if (waiter === undefined) inbox.push(message);
    else settle(message, waiter);
  });
  child.on('exit', (code, signal) => {
    running.delete(child);
    ended = new Error(`${file} exited (${code ?? signal})`);
    for (const waiter of waiters.splice(0)) waiter.reject(ended);
  });
  const next = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { resolve: resolve as (message: unknown) => void, reject };
      if (inbox.length > 0) settle(inbox.shift(), waiter);
      else if (ended !== undefined) reject(ended);
      else waiters.push(waiter);
    });
  return {
    next,
    request<T>(message: unknown): Promise<T> {
      child.send(message as object);
      return next<T>();
    },
    pid: child.pid,
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!running.has(child)) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGCONT');
        // Disconnecting lets a child end normally (a CPU profile is written at a normal exit).
        child.disconnect();
      }),
  };
}

/** A client process (`client-process.ts`) for `key`: on the ref tree's packages when it is a ref client. */
export function startClientProcess(key: ClientKey, options: Omit<ChildOptions, 'ref'> = {}): Child {
  return startChild('client-process.ts', [], { ...options, ref: isRef(key) });
}
