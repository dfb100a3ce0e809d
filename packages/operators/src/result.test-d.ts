import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import type { Result } from './result.js';
import { resultCatchingFailure } from './result-catching-failure.js';
import { toResult } from './to-result.js';

declare const texts: Observable<string>;

describe('toResult and resultCatchingFailure', () => {
  it('infers the element type for the transform and the Result type from it', () => {
    expectTypeOf(texts.pipe(toResult((text) => text.length))).toEqualTypeOf<Observable<Result<number>>>();
    expectTypeOf(texts.pipe(toResult(async (text) => text.length))).toEqualTypeOf<Observable<Result<number>>>();
    expectTypeOf(texts.pipe(resultCatchingFailure((text) => BigInt(text)))).toEqualTypeOf<Observable<bigint>>();
    expectTypeOf(texts.pipe(resultCatchingFailure(async (text) => [text]))).toEqualTypeOf<Observable<string[]>>();
  });

  it('rejects a transform of another element type', () => {
    // @ts-expect-error the elements are strings
    texts.pipe(toResult((value: number) => value));
    // @ts-expect-error the elements are strings
    texts.pipe(resultCatchingFailure((value: number) => value));
  });

  it('narrows a Result on ok', () => {
    const result = {} as Result<number, Error>;
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<number>();
    else expectTypeOf(result.error).toEqualTypeOf<Error>();
  });
});
