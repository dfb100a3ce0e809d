import { Subject, lastValueFrom, of, throwError, concat, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { orderedMap, skip } from './ordered-map.js';

const later = <T>(value: T, ms: number): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('orderedMap', () => {
  it('delivers synchronous results synchronously, and drops skip', () => {
    const source = new Subject<number>();
    const seen: number[] = [];
    source.pipe(orderedMap((n: number) => (n % 2 === 0 ? skip : n))).subscribe((n) => seen.push(n));
    source.next(1);
    source.next(2);
    source.next(3);
    expect(seen).toEqual([1, 3]);
  });

  it('keeps the order of mixed sync and async results, and completes after the last', async () => {
    const project = (n: number): number | Promise<number> => (n === 1 ? later(n, 20) : n === 3 ? later(n, 1) : n);
    expect(await lastValueFrom(of(1, 2, 3, 4).pipe(orderedMap(project), toArray()))).toEqual([1, 2, 3, 4]);
  });

  it('delivers the source error after the pending results', async () => {
    const failure = new Error('source');
    const seen: number[] = [];
    const source = concat(
      of(1),
      throwError(() => failure),
    );
    const done = new Promise<unknown>((resolve) =>
      source.pipe(orderedMap((n: number) => later(n, 5))).subscribe({ next: (n) => seen.push(n), error: resolve }),
    );
    expect(await done).toBe(failure);
    expect(seen).toEqual([1]);
  });

  it('errors on a rejection and stops there', async () => {
    const project = (n: number): Promise<number> => (n === 2 ? Promise.reject(new Error('two')) : later(n, 1));
    await expect(lastValueFrom(of(1, 2, 3).pipe(orderedMap(project), toArray()))).rejects.toThrow('two');
  });

  it('unsubscribes from the source when the subscriber does', () => {
    const source = new Subject<number>();
    const subscription = source.pipe(orderedMap((n: number) => n)).subscribe();
    expect(source.observed).toBe(true);
    subscription.unsubscribe();
    expect(source.observed).toBe(false);
  });
});
