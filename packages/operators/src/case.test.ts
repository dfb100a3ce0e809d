import { Frame, type Message } from '@aws/client';
import type { UsersMessage } from '@aws/test-utils';
import { lastValueFrom, of, toArray, type Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { caseOf } from './case.js';

const all = <T>(source: Observable<T>): Promise<T[]> => lastValueFrom(source.pipe(toArray()));

const users = [{ id: 1, name: 'A' }];
const getUsers: UsersMessage = { response: { _0: { success: { _0: { getUsers: { _0: { users } } } } } } };
const started: UsersMessage = { response: { _0: { success: { _0: { startStream: {} } } } } };
const failed: UsersMessage = { response: { _0: { failure: { _0: { code: { streamNotStarted: {} } } } } } };
const request: UsersMessage = { request: { _0: { single: { _0: { getUsers: { count: 2 } } } } } };

describe('caseOf on Swift Codable enum JSON', () => {
  const messages = of(getUsers, started, failed, request);

  it('unwraps the single unlabeled value of each case along the path', async () => {
    expect(await all(messages.pipe(caseOf('response.success.getUsers')))).toEqual([{ users }]);
    expect(await all(messages.pipe(caseOf('response.failure')))).toEqual([{ code: { streamNotStarted: {} } }]);
  });

  it('emits the labeled values, or {} for a case without values', async () => {
    expect(await all(messages.pipe(caseOf('request.single.getUsers')))).toEqual([{ count: 2 }]);
    expect(await all(messages.pipe(caseOf('response.success.startStream')))).toEqual([{}]);
  });

  it('keeps several unlabeled values as the object of positions', async () => {
    type Pair = { pair: { _0: string; _1: number } } | { none: Record<string, never> };
    const pairs: Pair[] = [{ pair: { _0: 'a', _1: 1 } }, { none: {} }];
    expect(await all(of(...pairs).pipe(caseOf('pair')))).toEqual([{ _0: 'a', _1: 1 }]);
  });

  it('drops values that are not an object of exactly one key', async () => {
    const odd = [{ response: {}, extra: 1 }, null, 'response', ['response'], {}] as unknown as UsersMessage[];
    expect(await all(of(...odd, getUsers).pipe(caseOf('response')))).toHaveLength(1);
  });
});

describe('caseOf on TypeScript discriminated unions', () => {
  it('emits the value under the key named after the case, through nested unions', async () => {
    const frames = of(Frame.text('a'), Frame.ping(), Frame.binary(new Uint8Array([1])), Frame.text('b'));
    expect(await all(frames.pipe(caseOf('message.text')))).toEqual(['a', 'b']);
    expect(await all(frames.pipe(caseOf('message')))).toHaveLength(3);
  });

  it('emits the narrowed object when the case has no key of its name', async () => {
    const frames = of(Frame.text('a'), Frame.close(1001, 'bye'));
    expect(await all(frames.pipe(caseOf('close')))).toEqual([{ type: 'close', code: 1001, reason: 'bye' }]);
  });

  it('reads the case name from a configurable tag key', async () => {
    type Action = { kind: 'added'; added: string } | { kind: 'cleared' };
    const list: Action[] = [{ kind: 'added', added: 'x' }, { kind: 'cleared' }];
    const actions = of(...list);
    expect(await all(actions.pipe(caseOf('added', { tag: 'kind' })))).toEqual(['x']);
    expect(await all(actions.pipe(caseOf('cleared', { tag: 'kind' })))).toEqual([{ kind: 'cleared' }]);
  });

  it('matches a tagged member by its tag only, never as a one-key Codable case', async () => {
    const lone = { type: 'text' } as unknown as Message;
    expect(await all(of(lone).pipe(caseOf('text')))).toEqual([lone]);
    expect(await all(of(lone).pipe(caseOf('type' as 'text')))).toEqual([]);
  });
});

describe('caseOf with onDrop', () => {
  it('reports each element of another case and where along the path it left', async () => {
    const onDrop = vi.fn();
    const payloads = await all(of(getUsers, started, failed, request).pipe(caseOf('response.success.getUsers', { onDrop })));
    expect(payloads).toEqual([{ users }]);
    expect(onDrop.mock.calls).toEqual([
      [started, 'expected case "getUsers" after "response.success", got case "startStream"'],
      [failed, 'expected case "success" after "response", got case "failure"'],
      [request, 'expected case "response", got case "request"'],
    ]);
  });

  it('says what a value that is no case is', async () => {
    const reasons: string[] = [];
    const odd = [{ response: {}, extra: 1 }, null, 'response', [], {}] as unknown as UsersMessage[];
    await all(of(...odd).pipe(caseOf('response', { onDrop: (_value, reason) => void reasons.push(reason) })));
    expect(reasons).toEqual([
      'expected case "response", got an object of 2 keys (response, extra) without a "type" tag, which is no case',
      'expected case "response", got null',
      'expected case "response", got a string',
      'expected case "response", got an array',
      'expected case "response", got an empty object, which is no case',
    ]);
  });

  it('reads the tag of a discriminated union for the reason', async () => {
    const onDrop = vi.fn();
    await all(of(Frame.ping(), Frame.text('a'), Frame.binary(new Uint8Array([1]))).pipe(caseOf('message.text', { onDrop })));
    expect(onDrop.mock.calls.map(([, reason]) => reason)).toEqual([
      'expected case "message", got case "ping"',
      'expected case "text" after "message", got case "binary"',
    ]);
  });

  it('errors the stream when onDrop throws, as an operator callback does', async () => {
    const boom = new Error('boom');
    const failing = of(started).pipe(
      caseOf('response.failure', {
        onDrop: () => {
          throw boom;
        },
      }),
    );
    await expect(all(failing)).rejects.toBe(boom);
  });
});
