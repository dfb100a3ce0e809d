import type { Frame, Message } from '@aws/client';
import type { RequestError, Response, User, UsersMessage } from '@aws/test-utils';
import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { caseOf } from './case.js';

declare const messages: Observable<UsersMessage>;
declare const frames: Observable<Frame>;
type Action = { kind: 'added'; added: string } | { kind: 'cleared' };
declare const actions: Observable<Action>;

describe('caseOf', () => {
  it('yields the payload type at the end of a Codable case path', () => {
    expectTypeOf(messages.pipe(caseOf('response.success.getUsers'))).toEqualTypeOf<Observable<{ readonly users: readonly User[] }>>();
    expectTypeOf(messages.pipe(caseOf('response.success'))).toEqualTypeOf<Observable<Response>>();
    expectTypeOf(messages.pipe(caseOf('response.failure'))).toEqualTypeOf<Observable<RequestError>>();
    expectTypeOf(messages.pipe(caseOf('request.single.getUsers'))).toEqualTypeOf<Observable<{ readonly count: 1 | 2 | 3 }>>();
  });

  it('yields the payload type on discriminated unions', () => {
    expectTypeOf(frames.pipe(caseOf('message.text'))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(frames.pipe(caseOf('message'))).toEqualTypeOf<Observable<Message>>();
    expectTypeOf(frames.pipe(caseOf('ping'))).toEqualTypeOf<Observable<{ readonly type: 'ping'; readonly data: Uint8Array }>>();
    expectTypeOf(actions.pipe(caseOf('added', { tag: 'kind' }))).toEqualTypeOf<Observable<string>>();
  });

  it('rejects misspelt paths and paths of another tag', () => {
    // @ts-expect-error 'sucess' is not a case of the result
    messages.pipe(caseOf('response.sucess.getUsers'));
    // @ts-expect-error 'getUser' is not a case of the response
    messages.pipe(caseOf('response.success.getUser'));
    // @ts-expect-error 'message.json' is not a case of Message
    frames.pipe(caseOf('message.json'));
    // @ts-expect-error without the tag option, 'kind' is not read
    actions.pipe(caseOf('added'));
  });

  it('types onDrop with the element type, and keeps the path checked and the payload typed', () => {
    expectTypeOf(
      messages.pipe(
        caseOf('response.success.getUsers', {
          onDrop: (message, reason) => {
            expectTypeOf(message).toEqualTypeOf<UsersMessage>();
            expectTypeOf(reason).toEqualTypeOf<string>();
          },
        }),
      ),
    ).toEqualTypeOf<Observable<{ readonly users: readonly User[] }>>();
    expectTypeOf(actions.pipe(caseOf('added', { tag: 'kind', onDrop: console.warn }))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(frames.pipe(caseOf('message.text', { onDrop: console.warn }))).toEqualTypeOf<Observable<string>>();
    // @ts-expect-error a loose onDrop such as console.warn does not turn off the path check
    messages.pipe(caseOf('response.sucess', { onDrop: console.warn }));
    // @ts-expect-error onDrop gets the elements, which are messages
    messages.pipe(caseOf('response', { onDrop: (value: number) => value }));
  });
});
