import { Frame } from '@aws/client';
import { lastValueFrom, of, toArray } from 'rxjs';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { success } from './success.js';

const frames = of(
  Frame.text('{"id":1,"name":"A"}'),
  Frame.text('not json'),
  Frame.binary(new Uint8Array([0xff])),
  Frame.binary(new TextEncoder().encode('{"id":"2"}')),
  Frame.ping(),
  Frame.binary(new TextEncoder().encode('{"id":3,"name":"C"}')),
);

describe('success', () => {
  it('emits only what decodes, dropping the failures', async () => {
    expect(await lastValueFrom(frames.pipe(success(), toArray()))).toEqual([{ id: 1, name: 'A' }, { id: '2' }, { id: 3, name: 'C' }]);
  });

  it('also drops what does not match the schema', async () => {
    const schema = v.object({ id: v.number(), name: v.string() });
    expect(await lastValueFrom(frames.pipe(success({ schema }), toArray()))).toEqual([
      { id: 1, name: 'A' },
      { id: 3, name: 'C' },
    ]);
  });

  it('uses the custom decoder', async () => {
    const decoder = (text: string): string => text.toUpperCase();
    expect(
      await lastValueFrom(of(Frame.text('a'), Frame.binary(new TextEncoder().encode('b'))).pipe(success({ decoder }), toArray())),
    ).toEqual(['A', 'B']);
  });

  it('reports each dropped frame and why to onDrop, without a schema', async () => {
    const onDrop = vi.fn();
    const values = await lastValueFrom(frames.pipe(success({ onDrop }), toArray()));
    expect(values).toEqual([{ id: 1, name: 'A' }, { id: '2' }, { id: 3, name: 'C' }]);
    expect(onDrop.mock.calls.map(([frame, reason]) => [(frame as Frame).type, reason])).toEqual([
      ['message', expect.stringMatching(/^the message is not valid JSON: .*; text: not json$/)],
      ['message', 'the binary message is not valid UTF-8; text: \uFFFD'],
      ['ping', 'a ping frame is not a message'],
    ]);
  });

  it('reports a schema mismatch with the path of the first issue, also for an async schema', async () => {
    const reasons: string[] = [];
    const schema = z.object({ id: z.number(), name: z.string() }).refine(async () => true);
    const values = await lastValueFrom(frames.pipe(success({ schema, onDrop: (_frame, reason) => void reasons.push(reason) }), toArray()));
    expect(values).toEqual([
      { id: 1, name: 'A' },
      { id: 3, name: 'C' },
    ]);
    expect(reasons).toHaveLength(4);
    expect(reasons).toContainEqual(expect.stringMatching(/^the message does not match the schema at id: .*; text: \{"id":"2"\}$/));
  });
});
