import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles, waitFor } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { startEchoServer } from '../servers/echo.js';
import { pingInterval } from './ping-interval.js';

describe('Ping interval demo', () => {
  it('prints that the server is alive for each pong, until stopped', async () => {
    const baseline = activeHandles();
    const pings: string[] = [];
    const lines: string[] = [];
    const server = await startEchoServer({ host: '127.0.0.1', port: 0 }, (line) => pings.push(line));
    const stop = new AbortController();
    const demo = pingInterval(createLiveClient(), server.url, {
      print: (line) => lines.push(line),
      signal: stop.signal,
      pingInterval: 100,
    });
    await waitFor(() => lines.length >= 3, 5_000, 'three pongs');
    stop.abort();
    await demo;
    await server.close();

    expect(new Set(lines)).toEqual(new Set(['Connection with server is still alive']));
    expect(pings.filter((line) => line.startsWith('[Received ping]')).length).toBeGreaterThanOrEqual(3);
    expect(await settledHandles(baseline)).toEqual({});
  });
});
