import { Subject, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { toResult } from './to-result.js';

const parse = (text: string): number => {
  const value = Number(text);
  if (Number.isNaN(value)) throw new TypeError(`not a number: ${text}`);
  return value;
};

describe('toResult', () => {
  it('wraps every outcome in a Result, and goes on after a failure', async () => {
    const results = await lastValueFrom(of('1', 'x', '3').pipe(toResult(parse), toArray()));
    expect(results).toEqual([
      { ok: true, value: 1 },
      { ok: false, error: new TypeError('not a number: x') },
      { ok: true, value: 3 },
    ]);
  });

  it('awaits a promise and keeps the source order when promises settle out of order', async () => {
    const delays: Record<string, number> = { slow: 30, fast: 1 };
    const transform = (key: string): Promise<string> =>
      new Promise((resolve, reject) =>
        setTimeout(() => (key === 'bad' ? reject(new Error(key)) : resolve(key.toUpperCase())), delays[key] ?? 0),
      );
    const results = await lastValueFrom(of('slow', 'bad', 'fast', 'sync').pipe(toResult(transform), toArray()));
    expect(results).toEqual([
      { ok: true, value: 'SLOW' },
      { ok: false, error: new Error('bad') },
      { ok: true, value: 'FAST' },
      { ok: true, value: 'SYNC' },
    ]);
  });

  it('emits synchronously when the transform is synchronous', () => {
    const source = new Subject<string>();
    const seen: unknown[] = [];
    source.pipe(toResult(parse)).subscribe((result) => seen.push(result));
    source.next('7');
    expect(seen).toEqual([{ ok: true, value: 7 }]);
  });
});
