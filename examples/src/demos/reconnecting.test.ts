import { setTimeout as sleep } from 'node:timers/promises';
import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { startEchoServer } from '../servers/echo.js';
import { reconnecting } from './reconnecting.js';

describe('the reconnecting demo', () => {
  it('keeps going across a server restart: ticks echoed at most once, in order, and every queued tick echoed', async () => {
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
    const echoed = lines.filter((line) => line.startsWith('echo: tick ')).map((line) => Number(line.slice('echo: tick '.length)));
    // In order and never twice; a tick written just before the server said goodbye may go unanswered by it.
    expect(echoed).toEqual([...new Set(echoed)].sort((a, b) => a - b));
    const queued = lines.filter((line) => line.endsWith('waits in the send queue')).map((line) => Number(line.split(' ')[1]));
    expect(queued.length).toBeGreaterThan(0);
    // What waited in the queue during the outage is written to the new connection and answered.
    for (const tick of queued) expect(echoed).toContain(tick);
    expect(echoed.length).toBeGreaterThanOrEqual(8);
    expect(lines.some((line) => line.startsWith('[status] reconnecting: attempt 1'))).toBe(true);
    expect(lines.filter((line) => line === '[status] connected').length).toBeGreaterThanOrEqual(2);
    expect(lines.at(-1)).toBe('[status] closed with normalClosure');
    expect(lines.some((line) => line === 'all 10 ticks echoed' || line.startsWith('no echo for: tick '))).toBe(true);
    expect(await settledHandles(baseline)).toEqual({});
  });
});
