import { setTimeout as delay } from 'node:timers/promises';

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
