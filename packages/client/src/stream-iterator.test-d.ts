import { of, type Subscribable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { StreamIterator, stepSkip } from './stream-iterator.js';

// Typed as a Subscribable: tsc does not infer a value type from an Observable's overloaded subscribe.
const texts: Subscribable<string> = of('a', '');

describe('StreamIterator', () => {
  it('yields the values of its source', () => {
    expectTypeOf(new StreamIterator(texts)).toEqualTypeOf<StreamIterator<string>>();
  });

  it('stepping yields what the step answers, its skip left out, and weighs the source’s values', () => {
    const lengths = StreamIterator.stepping(texts, (text) => (text === '' ? stepSkip : text.length), {
      weigh: (text) => {
        expectTypeOf(text).toEqualTypeOf<string>();
        return text.length;
      },
    });
    expectTypeOf(lengths).toEqualTypeOf<StreamIterator<number>>();
  });

  it('stepping takes only a step from the source’s values', () => {
    // @ts-expect-error a step of numbers on a source of strings
    StreamIterator.stepping(texts, (n: number) => n + 1);
  });
});
