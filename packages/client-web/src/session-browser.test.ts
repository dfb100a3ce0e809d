import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { installTimeoutMs, launchChromium } from '@aws/test-utils/chromium';
import { expect, it } from 'vitest';
import { bundle } from './testing/bundle.js';
import type { ClientProbeResult } from './testing/session-probe.js';
import { defects } from './testing/session-probe.js';
import { probeServer } from './testing/session-server.js';

// The session probe with the client in headless Chromium (createWebClient() on the page's WebSocket), the server on
// Node: numbered messages both ways while the server drops the page's sockets; none may be lost, duplicated or
// reordered, and every send settles. The same on undici's WebSocket is in session.test.ts. (Not on WebSocketStream,
// which is opt-in: Chromium crashes the page when a socket drops while a write is pending, see stalled-drop.test.ts.)
const entry = fileURLToPath(new URL('./testing/session-entry.ts', import.meta.url));
const page = '<!doctype html><meta charset="utf-8"><title>session</title><script type="module" src="/session.js"></script>';

it('in Chromium: 5,000 numbered messages each way, 8 drops of the server socket: none lost, duplicated or reordered, every send settled', {
  timeout: installTimeoutMs + 90_000,
}, async () => {
  const count = 5_000;
  const script = await bundle(entry);
  const http = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    else if (path === '/session.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else response.writeHead(204).end();
  });
  const server = await probeServer(count, 8, http);
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${server.url.replace('ws://', 'http://').replace(/\/probe$/, '')}/?count=${count}`);
    tab.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await tab
      .waitForFunction(() => 'sessionProbe' in globalThis, undefined, { timeout: 10_000 })
      .catch((error: unknown) => {
        throw new Error(`the page did not start the probe: ${String(error)} ${errors.join('; ')}`);
      });
    const client = await tab.evaluate(
      () => (globalThis as unknown as { sessionProbe: Promise<ClientProbeResult | { error: string }> }).sessionProbe,
    );
    expect(errors).toEqual([]);
    if (!('got' in client)) throw new Error(`the page's probe failed: ${client.error}`);
    expect(client.error).toBeUndefined();
    expect(server.counts().killed).toBe(8);
    expect(client.statuses.filter((s) => s === 'resumed').length).toBeGreaterThanOrEqual(8);
    expect(defects(server.got, count)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(defects(client.got, count)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect({ resolved: client.resolved, rejected: client.rejected }).toEqual({ resolved: count, rejected: 0 });
    expect(server.settled).toEqual({ resolved: count, rejected: 0 });
  } finally {
    await browser.close();
    await server.close();
  }
});
