import { setTimeout as sleep } from 'node:timers/promises';

/** The kinds of live resource that a leaked connection leaves behind. */
const counted = new Set(['TCPSocketWrap', 'TCPWrap', 'Timeout', 'TLSWrap', 'Immediate']);

/** Counts the process's active handles of the kinds a connection could leak, by kind. */
export function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (counted.has(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * Waits (bounded) until the active handles are back to `baseline`, and returns what is left. Closing sockets takes a
 * turn or two of the event loop, so a leak is only a leak if it outlives that.
 */
export async function settledHandles(baseline: Record<string, number>, timeoutMs = 2_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let extra = extraHandles(baseline);
  while (Object.keys(extra).length > 0 && Date.now() < deadline) {
    await sleep(20);
    extra = extraHandles(baseline);
  }
  return extra;
}

function extraHandles(baseline: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, count] of Object.entries(activeHandles())) {
    const more = count - (baseline[kind] ?? 0);
    if (more > 0) extra[kind] = more;
  }
  return extra;
}

/** Polls `predicate` every 10 ms until it holds, or fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** A promise that must settle within `ms`: a hang fails the test instead of timing it out. */
export async function within<T>(promise: Promise<T>, ms: number, what = 'the promise'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
