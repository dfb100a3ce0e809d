import type { CloseInfo, ConnectionStatus, Frame, Message, WebSocketClientError } from '@aws/client';
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { on } from './on.js';
import { onStatus } from './on-status.js';

declare const frames: Observable<Frame>;
declare const statuses: Observable<ConnectionStatus>;

describe('on', () => {
  it('gives each frame path its content type', () => {
    expectTypeOf(frames.pipe(on('message.text'))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(frames.pipe(on('message.binary'))).toEqualTypeOf<Observable<Uint8Array>>();
    expectTypeOf(frames.pipe(on('message'))).toEqualTypeOf<Observable<Message>>();
    expectTypeOf(frames.pipe(on('ping'))).toEqualTypeOf<Observable<Uint8Array>>();
    expectTypeOf(frames.pipe(on('pong'))).toEqualTypeOf<Observable<Uint8Array>>();
    expectTypeOf(frames.pipe(on('close'))).toEqualTypeOf<Observable<CloseInfo>>();
  });

  it('narrows statuses to the kept type', () => {
    expectTypeOf(statuses.pipe(on('connected'))).toEqualTypeOf<
      Observable<{ readonly type: 'connected'; readonly protocol: string; readonly extensions: string }>
    >();
    expectTypeOf(statuses.pipe(onStatus('didClose'))).toEqualTypeOf<
      Observable<{ readonly type: 'didClose'; readonly code: number; readonly reason: string }>
    >();
  });

  it('types the callbacks', () => {
    on('message', {
      onClose: (close) => {
        expectTypeOf(close).toEqualTypeOf<CloseInfo>();
      },
    });
    on('connected', {
      onDidClose: (close) => {
        expectTypeOf(close).toEqualTypeOf<CloseInfo>();
      },
      onDidFail: async (error) => {
        expectTypeOf(error).toEqualTypeOf<WebSocketClientError>();
      },
    });
  });

  it('rejects a misspelt path and a status path on frames', () => {
    // @ts-expect-error 'message.txt' is not a frame path
    frames.pipe(on('message.txt'));
    // @ts-expect-error statuses are not frames
    frames.pipe(on('connected'));
    // @ts-expect-error onDidClose belongs to statuses
    frames.pipe(on('ping', { onDidClose: () => {} }));
  });
});
