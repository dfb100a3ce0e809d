import type { Frame } from '@aws/client';
import type { Observable } from 'rxjs';
import { P } from 'ts-pattern';
import { describe, expectTypeOf, it } from 'vitest';
import { matching } from './matching.js';

declare const frames: Observable<Frame>;
type Shape = { kind: 'circle'; radius: number } | { kind: 'square'; side: number };
declare const shapes: Observable<Shape>;

describe('matching', () => {
  it('narrows to the matched members', () => {
    expectTypeOf(shapes.pipe(matching({ kind: 'circle' }))).toEqualTypeOf<Observable<{ kind: 'circle'; radius: number }>>();
    expectTypeOf(frames.pipe(matching({ type: 'ping' }))).toEqualTypeOf<Observable<{ readonly type: 'ping'; readonly data: Uint8Array }>>();
    expectTypeOf(shapes.pipe(matching({ side: P.number }))).toEqualTypeOf<Observable<{ kind: 'square'; side: number }>>();
  });

  it('rejects a pattern that cannot match the element type', () => {
    // @ts-expect-error 'triangle' is not a kind
    shapes.pipe(matching({ kind: 'triangle' }));
  });

  it('types onDrop with the element type, and keeps the narrowing', () => {
    expectTypeOf(
      shapes.pipe(
        matching(
          { kind: 'circle' },
          {
            onDrop: (shape, reason) => {
              expectTypeOf(shape).toEqualTypeOf<Shape>();
              expectTypeOf(reason).toEqualTypeOf<string>();
            },
          },
        ),
      ),
    ).toEqualTypeOf<Observable<{ kind: 'circle'; radius: number }>>();
    // @ts-expect-error a loose onDrop does not turn off the pattern check
    shapes.pipe(matching({ kind: 'triangle' }, { onDrop: console.warn }));
  });
});
