import { type Browser, chromium } from 'playwright-core';
import { ensureDebianPackages } from './debian-packages.js';

/** Where Debian's `chromium` package puts the browser. Playwright's own browser download does not work here. */
export const chromiumPath = '/usr/bin/chromium';

export { installTimeoutMs } from './debian-packages.js';

/**
 * Starts headless Debian Chromium (installed with apt-get when missing, as root, as on CI) with the flags this
 * machine needs: no sandbox as root, and none of the background connections to Google's hosts that a closed network
 * refuses.
 *
 * @example
 * ```ts
 * const browser = await launchChromium()
 * const page = await browser.newPage()
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  await ensureDebianPackages([{ name: 'chromium', path: chromiumPath }]);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
