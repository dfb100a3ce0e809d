import { loadavg } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { summarize, type Summary } from './stats.js';

export const sleep = (ms: number): Promise<void> => delay(ms);

/** A full collection when the process runs with --expose-gc, so one run's garbage is not billed to the next. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Heap and off-heap (Buffer) bytes in use, and the resident set size: the two memory views of the report. */
export interface MemoryReading {
  readonly heap: number;
  readonly rss: number;
}

export function readMemory(): MemoryReading {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}

/**
 * The machine's 1-minute load average, sampled every second while `work` runs. The benchmark itself keeps about two
 * processes runnable (a client and the server); more means that something else ran during the scenario.
 */
export async function sampleLoad<T>(work: () => Promise<T>): Promise<{ readonly result: T; readonly load: Summary }> {
  const samples = [loadavg()[0] ?? 0];
  const timer = setInterval(() => samples.push(loadavg()[0] ?? 0), 1000);
  try {
    const result = await work();
    samples.push(loadavg()[0] ?? 0);
    return { result, load: summarize(samples) };
  } finally {
    clearInterval(timer);
  }
}

/** `promise`, or a rejection with `message` if it has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
