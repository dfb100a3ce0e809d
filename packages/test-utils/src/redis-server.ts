import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackages } from './debian-packages.js';

/** Where Debian's `redis-server` package puts the server. */
export const redisServerPath = '/usr/bin/redis-server';

/**
 * Makes sure Debian's redis-server is installed, installing it with apt-get when it is not (as root, as on CI); fails
 * with what to run by hand when it cannot.
 *
 * @example
 * ```ts
 * const path = await ensureRedisServer()
 * ```
 */
export async function ensureRedisServer(): Promise<string> {
  await ensureDebianPackages([{ name: 'redis-server', path: redisServerPath }]);
  return redisServerPath;
}

/** A redis-server of a test, on a loopback port of its own, with a temporary directory. */
export interface TestRedis extends AsyncDisposable {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Whether the server process is running. */
  isRunning(): boolean;
  /** Kills the server (SIGKILL: an outage, nothing saved) and resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill` or `stop`), resolving once it accepts connections. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface TestRedisOptions {
  /** Keep data across restarts (AOF, fsync always), for a test of a Redis restart that loses nothing. @default false */
  readonly persistence?: boolean;
  /** More `redis-server` arguments. */
  readonly args?: readonly string[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts Debian's redis-server (installed when missing) on a free loopback port with a temporary directory, without
 * persistence (`--save '' --appendonly no`) unless asked. It can be killed and restarted on the same port, for
 * outage tests; `stop` (or `await using`) ends it and removes the directory.
 *
 * @example
 * ```ts
 * await using redis = await startRedisServer()
 * const broker = createRedisBroker({ url: redis.url })
 * ```
 */
export async function startRedisServer(options: TestRedisOptions = {}): Promise<TestRedis> {
  const path = await ensureRedisServer();
  const dir = await mkdtemp(join(tmpdir(), 'aws-redis-'));
  const persistence = options.persistence === true ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let port = 0;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence, ...(options.args ?? [])];
    const started = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        started.kill('SIGKILL');
        reject(error);
      };
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      started.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${output}`)));
      started.once('error', fail);
    });
    // Keep draining its log so that it never blocks on a full pipe.
    started.stdout?.resume();
  };

  const exited = async (): Promise<void> => {
    const current = child;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise((resolve) => current.once('exit', resolve));
  };

  // A port found free can be taken before redis-server binds it: try another.
  for (let attempt = 0; ; attempt += 1) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('Address already in use')) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async kill() {
      const ending = exited();
      child?.kill('SIGKILL');
      await ending;
    },
    async restart() {
      if (redis.isRunning()) throw new Error('redis-server is still running: kill or stop it first');
      await launch();
    },
    async stop() {
      const ending = exited();
      child?.kill('SIGTERM');
      await ending;
      await rm(dir, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]: () => redis.stop(),
  };
  return redis;
}
