import type { ConnectionStatus, Frame } from '@aws/client';
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { log } from './log.js';

declare const frames: Observable<Frame>;
declare const statuses: Observable<ConnectionStatus>;

describe('log', () => {
  it('keeps the element type and types the custom action', () => {
    expectTypeOf(frames.pipe(log())).toEqualTypeOf<Observable<Frame>>();
    expectTypeOf(statuses.pipe(log({ logger: { info: () => {} } }))).toEqualTypeOf<Observable<ConnectionStatus>>();
    frames.pipe(
      log((frame) => {
        expectTypeOf(frame).toEqualTypeOf<Frame>();
      }),
    );
    // @ts-expect-error the elements are frames
    frames.pipe(log((status: ConnectionStatus) => status));
  });
});
