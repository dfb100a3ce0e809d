import { Frame } from '@aws/client';
import { lastValueFrom, of, toArray } from 'rxjs';
import { P } from 'ts-pattern';
import { describe, expect, it, vi } from 'vitest';
import { matching } from './matching.js';

describe('matching', () => {
  it('keeps the elements that match a pattern', async () => {
    const frames = of(Frame.text('a'), Frame.ping(), Frame.text('bb'), Frame.binary(new Uint8Array()));
    const texts = await lastValueFrom(frames.pipe(matching({ type: 'message', message: { type: 'text' } }), toArray()));
    expect(texts).toEqual([Frame.text('a'), Frame.text('bb')]);
  });

  it('understands ts-pattern wildcards and guards', async () => {
    const users = of({ id: 1, name: 'Ann' }, { id: 2, name: 'Bob' }, { id: 3, name: 'Al' });
    const named = await lastValueFrom(users.pipe(matching({ name: P.string.startsWith('A') }), toArray()));
    expect(named.map((user) => user.id)).toEqual([1, 3]);
  });

  it('reports each element that does not match to onDrop', async () => {
    const onDrop = vi.fn();
    const frames = of(Frame.text('a'), Frame.ping());
    const texts = await lastValueFrom(frames.pipe(matching({ type: 'message' }, { onDrop }), toArray()));
    expect(texts).toEqual([Frame.text('a')]);
    expect(onDrop.mock.calls).toEqual([[Frame.ping(), 'does not match the pattern']]);
  });
});
