import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How long installing Debian packages may take, `apt-get update` and waiting for another installer included. */
export const installTimeoutMs = 10 * 60_000;

/** A Debian package a test needs, and the file that tells it is installed. */
export interface DebianPackage {
  readonly name: string;
  readonly path: string;
}

// Test files run in several worker processes at once, and two `apt-get update` at the same time fail on apt's lists
// lock (DPkg::Lock::Timeout waits for dpkg's lock only): installs take turns under a directory made atomically.
const lock = join(tmpdir(), 'aws-websocket-apt.lock');
const staleMs = installTimeoutMs + 60_000;

/**
 * Makes sure Debian packages are installed, installing the missing ones with apt-get (as root, as on CI), one
 * installer at a time across processes. Fails with what to run by hand when it cannot.
 *
 * @example
 * ```ts
 * await ensureDebianPackages([{ name: 'redis-server', path: '/usr/bin/redis-server' }])
 * ```
 */
export async function ensureDebianPackages(packages: readonly DebianPackage[]): Promise<void> {
  if (missing(packages).length === 0) return;
  const names = missing(packages).map((wanted) => wanted.name);
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages: ${names.join(' ')}; install them as root: apt-get update && apt-get install -y ${names.join(' ')}`,
    );
  }
  const deadline = Date.now() + installTimeoutMs;
  await acquire(deadline);
  try {
    // Another process may have installed them while this one waited.
    const still = missing(packages);
    if (still.length === 0) return;
    await aptGet(['update'], deadline);
    await aptGet(['install', '-y', '--no-install-recommends', ...still.map((wanted) => wanted.name)], deadline);
  } catch (error) {
    throw new Error(`Installing ${names.join(' ')} with apt-get failed: ${(error as Error).message}`, { cause: error });
  } finally {
    await rmdir(lock).catch(() => {});
  }
  const absent = missing(packages);
  if (absent.length > 0) throw new Error(`apt-get ran, but ${absent.map((wanted) => wanted.path).join(', ')} is still missing`);
}

const missing = (packages: readonly DebianPackage[]): DebianPackage[] => packages.filter((wanted) => !existsSync(wanted.path));

async function acquire(deadline: number): Promise<void> {
  for (;;) {
    try {
      await mkdir(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A lock left by a process that died mid-install is taken over once it is older than any install may last.
    const made = await stat(lock).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - made > staleMs) await rmdir(lock).catch(() => {});
    if (Date.now() > deadline) throw new Error(`another apt-get install held ${lock} for too long`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function aptGet(args: readonly string[], deadline: number): Promise<void> {
  await run('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: Math.max(deadline - Date.now(), 1),
    maxBuffer: 64 * 1024 * 1024,
  });
}
