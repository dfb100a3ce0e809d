import { Frame } from '@aws/client';
import { lastValueFrom, of, toArray } from 'rxjs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
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
    expect(await lastValueFrom(frames.pipe(success(), toArray()))).toEqual([
      { id: 1, name: 'A' },
      { id: '2' },
      { id: 3, name: 'C' },
    ]);
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
    expect(await lastValueFrom(of(Frame.text('a'), Frame.binary(new TextEncoder().encode('b'))).pipe(success({ decoder }), toArray()))).toEqual(['A', 'B']);
  });
});
