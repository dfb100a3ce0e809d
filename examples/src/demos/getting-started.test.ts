import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles, startTcpPeer, waitFor } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEchoServer } from '../servers/echo.js';
import { startTimeServer } from '../servers/time.js';
import { gettingStarted } from './getting-started.js';

describe('Getting started demo', () => {
  let baseline: Record<string, number>;
  let lines: string[];
  const print = (line: string): void => void lines.push(line);

  beforeEach(() => {
    baseline = activeHandles();
    lines = [];
  });

  afterEach(async () => {
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('prints the statuses and the echoed frames, and closes with 1000 when stopped', async () => {
    await using server = await startEchoServer({ host: '127.0.0.1', port: 0 }, () => {});
    const client = createLiveClient();
    const stop = new AbortController();
    const demo = gettingStarted(client, server.url, { print, signal: stop.signal });
    await waitFor(() => lines.some((line) => line.includes('Pong')), 5_000, 'the pong');
    stop.abort();
    await demo;
    expect(lines).toEqual([
      '[WebSocket - Status - Connecting]: Connecting...',
      '[WebSocket - Status - Connected]: Connected to the server!',
      '[WebSocket - Frame - Message.binary]: 5 bytes',
      '[WebSocket - Frame - Message.text]: Hello',
      '[WebSocket - Frame - Pong]: 0 bytes',
      '[WebSocket - Frame - Close]: normalClosure',
      '[WebSocket - Status - Close]: Connection with server did close with the code: normalClosure',
    ]);
  });

  it('prints the dates of the Time server, and ends by itself when the server goes away', async () => {
    const server = await startTimeServer({ host: '127.0.0.1', port: 0 }, () => {});
    const demo = gettingStarted(createLiveClient(), server.url, { print });
    await waitFor(() => lines.some((line) => line.includes('Current Server Date')), 5_000, 'a date');
    await server.close();
    await demo;
    expect(lines[2]).toMatch(/^\[WebSocket - Frame - Message\.text\]: Current Server Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);
    expect(lines.slice(-2)).toEqual([
      '[WebSocket - Frame - Close]: goingAway server shutting down',
      '[WebSocket - Status - Close]: Connection with server did close with the code: goingAway',
    ]);
  });

  it('prints the failure when nothing answers', async () => {
    const closedPort = await startTcpPeer();
    await closedPort.close();
    await gettingStarted(createLiveClient(), closedPort.url, { print });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('[WebSocket - Status - Connecting]: Connecting...');
    expect(lines[1]).toMatch(/^\[WebSocket - Status - Failure\]: Connection with server did fail with error: .*ECONNREFUSED/);
  });

  it('stops at once when the signal has already fired', async () => {
    await using server = await startEchoServer({ host: '127.0.0.1', port: 0 }, () => {});
    await gettingStarted(createLiveClient(), server.url, { print, signal: AbortSignal.abort() });
    expect(lines[0]).toBe('[WebSocket - Status - Connecting]: Connecting...');
    expect(lines.at(-1)).toMatch(/^\[WebSocket - Status - (Failure|Close)\]/);
    expect(lines.some((line) => line.includes('Frame'))).toBe(false);
  });
});
