import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { resultCatchingFailure } from './result-catching-failure.js';

const parse = (text: string): unknown => JSON.parse(text);

describe('resultCatchingFailure', () => {
  it('emits the successes and hands each failure to onError', async () => {
    const onError = vi.fn();
    const values = await lastValueFrom(of('1', '{', '[2]', 'nope').pipe(resultCatchingFailure(parse, onError), toArray()));
    expect(values).toEqual([1, [2]]);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(SyntaxError);
  });

  it('drops failures silently without onError', async () => {
    expect(await lastValueFrom(of('{', '2').pipe(resultCatchingFailure(parse), toArray()))).toEqual([2]);
  });

  it('awaits async transforms in order', async () => {
    const transform = async (n: number): Promise<number> => {
      await new Promise((resolve) => setTimeout(resolve, 10 - n));
      if (n === 2) throw new Error('two');
      return n * 10;
    };
    const onError = vi.fn();
    expect(await lastValueFrom(of(1, 2, 3).pipe(resultCatchingFailure(transform, onError), toArray()))).toEqual([10, 30]);
    expect(onError).toHaveBeenCalledExactlyOnceWith(new Error('two'));
  });
});
