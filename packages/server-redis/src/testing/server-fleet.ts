import type { Health } from '@aws/server';
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
// tsx from the repository's root: the child runs the sources, as the tests do.
const tsx = fileURLToPath(new URL('../../../../node_modules/tsx/dist/loader.mjs', import.meta.url));

/** One server process of a test, with the relay on a Redis broker. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  health(): Promise<Health>;
  /** Whether its broker reads `topic` from a known start (all its subscribers will get what is published next). */
  subscribed(topic: string): Promise<boolean>;
  /** SIGKILL: the process dies with its sockets, nothing is closed gracefully. */
  kill(): Promise<void>;
  /** Graceful: the server and its broker close, then the process exits. */
  close(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Asks the child and waits for the answer that has `key`. */
function ask<T>(child: ChildProcess, request: object, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${key} answer within 5 s`)), 5_000);
    const onMessage = (message: Record<string, unknown>): void => {
      if (key in message) done(undefined, message[key] as T);
    };
    const done = (error?: Error, value?: T): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      if (error !== undefined) reject(error);
      else resolve(value as T);
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

/** Starts a server process on `redisUrl` in `mode`; resolves once it listens and its broker is healthy. */
export async function startServerProcess(redisUrl: string, mode: 'pubsub' | 'streams', maxLength = 100_000): Promise<ServerProcess> {
  const child = fork(script, [redisUrl, mode, String(maxLength)], {
    execArgv: ['--import', tsx, '--conditions=@aws/source'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server process did not start within 30 s:\n${output}`)), 30_000);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server process exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    child,
    health: () => ask<Health>(child, { health: true }, 'health'),
    subscribed: (topic) => ask<boolean>(child, { subscribed: topic }, 'subscribed'),
    async kill() {
      const ending = exited(child);
      child.kill('SIGKILL');
      await ending;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const ending = exited(child);
      child.send({ close: true });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await ending;
      clearTimeout(timer);
    },
  };
}
