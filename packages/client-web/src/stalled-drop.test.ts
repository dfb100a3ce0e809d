import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startRawWebSocketPeer, type TcpPeer } from '@aws/test-utils';
import { installTimeoutMs, launchChromium } from '@aws/test-utils/chromium';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundle } from './testing/bundle.js';
import type { StalledDropResult } from './testing/stalled-drop-entry.js';

// A server that drops the socket while the client is still writing to it: the peer reads nothing, so what the page
// sends fills the socket's buffers and a write stays pending; then the page asks for the drop (GET /drop) and the
// peer resets the socket. Twice, the second time on the socket the client reconnected with.
//
// Chromium 156's WebSocketStream crashes the renderer ("Target crashed") when its connection ends without a closing
// handshake while a write is pending (one is enough: the WritableStream passes one message at a time). The
// stream's sink rejects that write on its way down before it has been given the error to reject it with. No call
// sequence avoids it: any send larger than what the buffers take, or a network slower than the sender, leaves a
// write pending, and the server's or the network's drop is not the client's to time. So createWebClient() is on the
// plain WebSocket in Chromium, and WebSocketStream is opt-in (`WebSocketStream: webSocketStream()`).
const entry = fileURLToPath(new URL('./testing/stalled-drop-entry.ts', import.meta.url));
const html = '<!doctype html><meta charset="utf-8"><title>stalled drop</title><script type="module" src="/page.js"></script>';

let browser: Awaited<ReturnType<typeof launchChromium>>;
let peer: TcpPeer;
let http: Server;

beforeAll(async () => {
  const script = await bundle(entry);
  const open = new Set<Socket>();
  peer = await startRawWebSocketPeer((socket) => {
    // Read nothing more: the page's sends stay in the buffers between it and here.
    socket.pause();
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  http = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else if (path === '/page.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (path === '/drop') {
      const live = [...open].filter((socket) => !socket.destroyed);
      for (const socket of live) socket.resetAndDestroy();
      response.writeHead(200, { 'content-type': 'text/plain' }).end(String(live.length));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
}, installTimeoutMs + 60_000);

afterAll(async () => {
  await browser?.close();
  await peer?.close();
  if (http !== undefined) {
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
});

/** Runs the page with `query` and says how it ended: its result, or that the renderer crashed. */
async function run(query: string): Promise<StalledDropResult | 'crashed'> {
  const tab = await browser.newPage();
  try {
    const errors: string[] = [];
    tab.on('pageerror', (error: Error) => errors.push(error.message));
    const crashed = new Promise<'crashed'>((resolve) => tab.on('crash', () => resolve('crashed')));
    const { port } = http.address() as AddressInfo;
    await tab.goto(`http://127.0.0.1:${port}/?port=${peer.port}${query}`);
    const result = tab
      .waitForFunction(() => 'stalledDrop' in globalThis, undefined, { timeout: 10_000 })
      .then(() => tab.evaluate(() => (globalThis as unknown as { stalledDrop: Promise<StalledDropResult> }).stalledDrop));
    const outcome = await Promise.race([crashed, result.catch((error: unknown) => crashed.then(() => Promise.reject(error)))]);
    expect(errors).toEqual([]);
    return outcome;
  } finally {
    await tab.close().catch(() => {});
  }
}

it('in Chromium, createWebClient() survives the server dropping a socket it is still writing to, twice, and every send settles', {
  timeout: 30_000,
}, async () => {
  const outcome = await run('');
  expect(outcome).not.toBe('crashed');
  if (outcome === 'crashed' || 'error' in outcome) throw new Error(`the page's client failed: ${JSON.stringify(outcome)}`);
  expect(outcome.statuses.filter((status) => status === 'reconnecting').length).toBeGreaterThanOrEqual(2);
  expect(outcome.statuses.at(-1)).toBe('didClose');
  expect(outcome.settled).toBe(outcome.sent);
});

// Why WebSocketStream is not the default: the same page on it crashes. When this fails, the Chromium in use has
// fixed the bug, and WebSocketStream can be considered as the default again (see the README's table).
it("in Chromium, the same on WebSocketStream (opt-in) still crashes the page: Chromium's bug, the reason it is not the default", {
  timeout: 30_000,
}, async () => {
  expect(await run('&stream=1')).toBe('crashed');
});
