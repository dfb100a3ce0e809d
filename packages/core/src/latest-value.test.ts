import { take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { LatestValue } from './latest-value.js';

describe('LatestValue', () => {
  it('gives a subscriber the latest value first, then every change', () => {
    const values = new LatestValue<number>();
    values.next(1);
    values.next(2);
    const seen: number[] = [];
    values.stream.subscribe((value) => seen.push(value));
    values.next(3);
    expect(seen).toEqual([2, 3]);
  });

  it('replays the last value and the completion to a subscriber that comes after the end, and ignores later values', () => {
    const values = new LatestValue<string>();
    values.next('connected');
    values.next('didClose');
    values.complete();
    values.next('ignored');
    const seen: string[] = [];
    let completed = false;
    values.stream.subscribe({ next: (value) => seen.push(value), complete: () => (completed = true) });
    expect(seen).toEqual(['didClose']);
    expect(completed).toBe(true);
  });

  it('does not keep a subscriber that is done after its first value (take(1))', () => {
    const values = new LatestValue<number>();
    values.next(1);
    const seen: number[] = [];
    values.stream.pipe(take(1)).subscribe((value) => seen.push(value));
    values.next(2);
    expect(seen).toEqual([1]);
    expect((values as unknown as { subscribers: readonly unknown[] }).subscribers).toEqual([]);
  });

  it('lets a subscriber emit from inside a value, as rxjs subjects do: the later subscribers get the inner value first', () => {
    const values = new LatestValue<number>();
    const first: number[] = [];
    const second: number[] = [];
    values.stream.subscribe((value) => {
      first.push(value);
      if (value === 1) values.next(2);
    });
    values.stream.subscribe((value) => second.push(value));
    values.next(1);
    const late: number[] = [];
    values.stream.subscribe((value) => late.push(value));
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([2, 1]);
    expect(late).toEqual([2]);
  });
});
