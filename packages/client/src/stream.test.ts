import { of, Subject, throwError, concat } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { iterate } from './stream.js';

describe('iterate', () => {
  it('yields every value of an Observable, then ends', async () => {
    const values: number[] = [];
    for await (const value of iterate(of(1, 2, 3))) values.push(value);
    expect(values).toEqual([1, 2, 3]);
  });

  it('throws the error of the source after the values before it', async () => {
    const values: number[] = [];
    const run = async () => {
      for await (const value of iterate(
        concat(
          of(1),
          throwError(() => new Error('boom')),
        ),
      ))
        values.push(value);
    };
    await expect(run()).rejects.toThrow('boom');
    expect(values).toEqual([1]);
  });

  it('waits for values pushed later, and unsubscribes when the loop is left', async () => {
    const subject = new Subject<string>();
    const seen: string[] = [];
    const loop = (async () => {
      for await (const value of iterate(subject)) {
        seen.push(value);
        if (seen.length === 2) break;
      }
    })();
    await Promise.resolve();
    subject.next('a');
    subject.next('b');
    await loop;
    expect(seen).toEqual(['a', 'b']);
    expect(subject.observed).toBe(false);
  });
});
