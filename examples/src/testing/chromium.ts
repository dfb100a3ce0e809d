import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);

/** Where Debian's `chromium` package puts the browser. Playwright's own browser download does not work here. */
export const chromiumPath = '/usr/bin/chromium';

/** How long installing Chromium may take, `apt-get update` included. */
export const installTimeoutMs = 10 * 60_000;

/**
 * Makes sure Debian's Chromium is installed, installing it with apt-get when it is not (as root, as on CI). Fails with
 * a message that says what to run by hand when it cannot.
 */
export async function ensureChromium(): Promise<string> {
  if (existsSync(chromiumPath)) return chromiumPath;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing at ${chromiumPath}; install it as root: apt-get update && apt-get install -y chromium`);
  }
  const deadline = Date.now() + installTimeoutMs;
  try {
    await aptGet(['update'], deadline);
    await aptGet(['install', '-y', '--no-install-recommends', 'chromium'], deadline);
  } catch (error) {
    throw new Error(`Installing Chromium with apt-get failed: ${(error as Error).message}`, { cause: error });
  }
  if (!existsSync(chromiumPath)) throw new Error(`apt-get installed chromium, but ${chromiumPath} is still missing`);
  return chromiumPath;
}

async function aptGet(args: string[], deadline: number): Promise<void> {
  await run('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: Math.max(deadline - Date.now(), 1),
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Starts headless Chromium with the flags this machine needs: no sandbox as root, and none of the background
 * connections to Google's hosts that a closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await ensureChromium(),
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
