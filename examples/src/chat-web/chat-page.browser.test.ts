import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatServer } from '../servers/chat.js';
import type { RunningServer } from '../servers/serve.js';
import { installTimeoutMs, launchChromium } from '@aws/test-utils/chromium';

// The chat page in headless Chromium, three people chatting through the Chat server, which restarts while one of
// them keeps typing: that one's messages wait in the send queue, marked pending, and arrive in order once the server
// is back. Screenshots of the three pages go to examples/results/ for a person to look at.
const results = fileURLToPath(new URL('../../results/', import.meta.url));
const host = '127.0.0.1';

describe('the chat page in headless Chromium', () => {
  let browser: Browser;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  }, installTimeoutMs + 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPage(name: string, retry: number): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 420, height: 520 } })).newPage();
    await page.goto(`${(server as RunningServer).url.replace(/^ws:/, 'http:')}/?name=${name}&retry=${retry}`);
    await waitForStatus(page, 'connected');
    return page;
  }

  const waitForStatus = (page: Page, status: string) => page.locator(`#status[data-status="${status}"]`).waitFor({ timeout: 10_000 });

  async function say(page: Page, text: string): Promise<void> {
    await page.locator('#text').fill(text);
    await page.locator('#text').press('Enter');
  }

  /** The messages a page shows from the others, once it shows `count` of them. */
  async function theirs(page: Page, count: number): Promise<string[]> {
    await page
      .locator('li.theirs')
      .nth(count - 1)
      .waitFor({ timeout: 10_000 });
    return page.locator('li.theirs').allTextContents();
  }

  it('relays between three pages, and keeps the order of what one sends while the server restarts', async () => {
    server = await startChatServer({ host, port: 0 }, { log: () => {} });
    const { port } = server;
    // Ada comes back later than the others after the restart (she retries every 3 s, they every 100 ms): the server
    // relays only to who is connected, so her queued messages must find Bob and Cy there.
    const ada = await openPage('ada', 3_000);
    const bob = await openPage('bob', 100);
    const cy = await openPage('cy', 100);

    await say(ada, 'hello, <b>all</b>');
    await say(bob, 'hi ada');
    expect(await theirs(bob, 1)).toEqual(['ada: hello, <b>all</b>']);
    expect(await theirs(cy, 2)).toEqual(['ada: hello, <b>all</b>', 'bob: hi ada']);
    await ada.locator('li.mine.sent').nth(0).waitFor();

    await server.close();
    await waitForStatus(ada, 'reconnecting');
    for (const text of ['one', 'two', 'three']) await say(ada, text);
    expect(await ada.locator('li.mine.pending').allTextContents()).toEqual(['ada: one', 'ada: two', 'ada: three']);
    await ada.screenshot({ path: `${await ensureResults()}chat-ada-offline.png` });

    server = await startChatServer({ host, port }, { log: () => {} });
    await Promise.all([waitForStatus(bob, 'connected'), waitForStatus(cy, 'connected')]);
    expect(await ada.locator('#status').getAttribute('data-status')).not.toBe('connected');
    const relayed = ['ada: hello, <b>all</b>', 'ada: one', 'ada: two', 'ada: three'];
    expect(await theirs(bob, 4)).toEqual(relayed);
    expect(await theirs(cy, 5)).toEqual(['ada: hello, <b>all</b>', 'bob: hi ada', 'ada: one', 'ada: two', 'ada: three']);
    await ada.locator('li.mine.sent').nth(3).waitFor();
    expect(await ada.locator('li.mine.pending').count()).toBe(0);
    await say(cy, 'welcome back');
    expect(await theirs(ada, 2)).toEqual(['bob: hi ada', 'cy: welcome back']);

    const folder = await ensureResults();
    await Promise.all([ada, bob, cy].map((page, index) => page.screenshot({ path: `${folder}chat-${['ada', 'bob', 'cy'][index]}.png` })));
  }, 60_000);
});

async function ensureResults(): Promise<string> {
  await mkdir(results, { recursive: true });
  return results;
}
