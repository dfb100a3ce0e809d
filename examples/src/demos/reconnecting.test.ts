import { setTimeout as sleep } from 'node:timers/promises';
import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { startEchoServer } from '../servers/echo.js';
import { reconnecting } from './reconnecting.js';

describe('the reconnecting demo', () => {
  it('keeps going across a server restart: every tick echoed exactly once, in order', async () => {
    const baseline = activeHandles();
    const quiet = (): void => {};
    let server = await startEchoServer({ host: '127.0.0.1', port: 0 }, quiet);
    const { port } = server;
    const restart = (async () => {
      await sleep(300);
      await server.close();
      await sleep(400);
      server = await startEchoServer({ host: '127.0.0.1', port }, quiet);
    })();
    const lines: string[] = [];
    const client = createLiveClient();
    await reconnecting(client, server.url, {
      print: (line) => lines.push(line),
      ticks: 10,
      every: 100,
      reconnect: { minDelay: 50, maxDelay: 200 },
    });
    await restart;
    await server.close();
    expect(lines.filter((line) => line.startsWith('echo: '))).toEqual(Array.from({ length: 10 }, (_, i) => `echo: tick ${i + 1}`));
    expect(lines.some((line) => line.startsWith('[status] reconnecting: attempt 1'))).toBe(true);
    expect(lines.filter((line) => line === '[status] connected').length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toBe('[status] closed with normalClosure');
    expect(await settledHandles(baseline)).toEqual({});
  });
});
