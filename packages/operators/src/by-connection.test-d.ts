import type { ConnectionStatus, Frame } from '@aws/client';
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { byConnection, type OnConnection } from './by-connection.js';
import { on } from './on.js';

declare const frames: Observable<Frame>;
declare const statuses: Observable<ConnectionStatus>;

describe('byConnection types', () => {
  it('wraps the element type', () => {
    expectTypeOf(frames.pipe(on('message.text'), byConnection(statuses))).toEqualTypeOf<Observable<OnConnection<string>>>();
    // @ts-expect-error the statuses must be connection statuses
    byConnection(frames);
  });
});
