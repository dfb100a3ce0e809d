import { activeHandles, settledHandles } from '@aws/test-utils';
import { afterEach, beforeEach, expect } from 'vitest';
import type { RunningServer } from '../servers/serve.js';
import type { ServerLog } from '../servers/server-log.js';

/** A server started afresh for each test of a suite, with what it logged. */
export interface ServerFixture {
  readonly server: RunningServer;
  readonly logged: readonly string[];
}

/**
 * Starts a server with `start` before each test (on 127.0.0.1, a free port), closes it after, and fails the test when
 * anything it or the test opened is still running then.
 */
export function useServer(start: (log: ServerLog) => Promise<RunningServer>): ServerFixture {
  let baseline: Record<string, number> = {};
  let running: RunningServer | undefined;
  const logged: string[] = [];

  beforeEach(async () => {
    baseline = activeHandles();
    logged.length = 0;
    running = await start((line) => logged.push(line));
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
    expect(await settledHandles(baseline)).toEqual({});
  });

  return {
    get server(): RunningServer {
      if (running === undefined) throw new Error('the server runs only during a test');
      return running;
    },
    logged,
  };
}

/** Where the servers of the tests listen. */
export const anyFreePort = { host: '127.0.0.1', port: 0 } as const;
