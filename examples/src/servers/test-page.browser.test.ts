import { activeHandles, settledHandles } from '@aws/test-utils';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage } from '../emojis/decode.js';
import { ClientRequest, encodeMessage, ServerMessage } from '../emojis/protocol.js';
import { installTimeoutMs, launchChromium } from '@aws/test-utils/chromium';
import { startEchoServer } from './echo.js';
import { startEmojisServer } from './emojis.js';
import type { RunningServer } from './serve.js';
import { startTimeServer } from './time.js';

// The page's script keeps its socket in a global, which is how the test talks through it.
type PageWindow = { wsconnection: WebSocket };

describe('the test page in headless Chromium', () => {
  let browser: Browser;
  let baseline: Record<string, number>;
  let server: RunningServer | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  }, installTimeoutMs + 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await page?.close();
    await server?.close();
    expect(await settledHandles(baseline)).toEqual({});
  });

  async function openPage(started: RunningServer): Promise<Page> {
    server = started;
    page = await browser.newPage();
    await page.goto(started.url.replace(/^ws:/, 'http:'));
    await page.waitForFunction(() => (window as unknown as PageWindow).wsconnection.readyState === WebSocket.OPEN);
    return page;
  }

  async function paragraphs(opened: Page, count: number): Promise<string[]> {
    await opened
      .locator('#websocket-stream p')
      .nth(count - 1)
      .waitFor({ timeout: 10_000 });
    return opened.locator('#websocket-stream p').allTextContents();
  }

  it('shows what the Echo server echoes', async () => {
    baseline = activeHandles();
    const opened = await openPage(await startEchoServer({ host: '127.0.0.1', port: 0 }, () => {}));
    await opened.evaluate(() => (window as unknown as PageWindow).wsconnection.send('Hello from <b>Chromium</b>'));
    expect(await paragraphs(opened, 1)).toEqual(['Hello from <b>Chromium</b>']);
  });

  it('shows the welcome, then the stream of the Emojis server', async () => {
    baseline = activeHandles();
    const opened = await openPage(await startEmojisServer({ host: '127.0.0.1', port: 0 }, { log: () => {}, streamIntervalMs: 200 }));
    const [welcome] = await paragraphs(opened, 1);
    expect(decodeMessage(welcome ?? '')).toEqual(ServerMessage.welcome());

    const startStream = JSON.stringify(encodeMessage(ClientRequest.startStream()));
    await opened.evaluate((text) => (window as unknown as PageWindow).wsconnection.send(text), startStream);
    const [, started, event] = await paragraphs(opened, 3);
    expect(decodeMessage(started ?? '')).toEqual(ServerMessage.success({ kind: 'startStream' }));
    expect(decodeMessage(event ?? '')).toMatchObject({ kind: 'event', event: { kind: 'emojiDidChangedEvent' } });
  });

  it('shows the dates of the Time server', async () => {
    baseline = activeHandles();
    const opened = await openPage(await startTimeServer({ host: '127.0.0.1', port: 0 }, () => {}));
    const [date] = await paragraphs(opened, 1);
    expect(date).toMatch(/^Current Server Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/);
  });
});
