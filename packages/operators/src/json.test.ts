import { Frame } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { lastValueFrom, of, toArray, type Observable } from 'rxjs';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DecodeError, SchemaError } from './errors.js';
import { json } from './json.js';

const all = <T>(source: Observable<T>): Promise<T[]> => lastValueFrom(source.pipe(toArray()));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const User = v.object({ id: v.number(), name: v.string() });

describe('json', () => {
  it('decodes text and binary messages and drops the other frames', async () => {
    const frames = of(Frame.text('{"id":1}'), Frame.ping(), Frame.binary(utf8('[1,2]')), Frame.pong(), Frame.close());
    expect(await all(frames.pipe(json()))).toEqual([
      { ok: true, value: { id: 1 } },
      { ok: true, value: [1, 2] },
    ]);
  });

  it('gives a DecodeError for invalid JSON and for binary that is not UTF-8, and goes on', async () => {
    const frames = of(Frame.text('{oops'), Frame.binary(new Uint8Array([0xc3, 0x28])), Frame.text('3'));
    const [syntax, utf8Error, three] = await all(frames.pipe(json()));
    expect(syntax).toMatchObject({ ok: false, error: { _tag: 'DecodeError', reason: 'syntax' } });
    expect(utf8Error).toMatchObject({ ok: false, error: { _tag: 'DecodeError', reason: 'utf8' } });
    if (syntax?.ok === false) expect(syntax.error).toBeInstanceOf(DecodeError);
    expect(three).toEqual({ ok: true, value: 3 });
  });

  it('quotes the start of the offending text in a DecodeError, binary as the UTF-8 it almost is', async () => {
    const frames = of(Frame.text('{oops'), Frame.binary(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])));
    const [syntax, utf8Error] = await all(frames.pipe(json()));
    expect(syntax).toMatchObject({
      ok: false,
      error: { excerpt: '{oops', message: expect.stringMatching(/^the message is not valid JSON: .*; text: \{oops$/) },
    });
    expect(utf8Error).toMatchObject({
      ok: false,
      error: { excerpt: '{\uFFFD(}', message: 'the binary message is not valid UTF-8; text: {\uFFFD(}' },
    });
  });

  it('uses a custom decoder for text and binary alike', async () => {
    const decoder = vi.fn((text: string) => ({ decoded: text }));
    const results = await all(of(Frame.text('a'), Frame.binary(utf8('b'))).pipe(json({ decoder })));
    expect(results).toEqual([
      { ok: true, value: { decoded: 'a' } },
      { ok: true, value: { decoded: 'b' } },
    ]);
    expect(decoder.mock.calls).toEqual([['a'], ['b']]);
  });

  it('turns a throwing custom decoder into a DecodeError with its cause', async () => {
    const cause = new Error('no');
    const [result] = await all(
      of(Frame.text('x')).pipe(
        json({
          decoder: () => {
            throw cause;
          },
        }),
      ),
    );
    expect(result).toMatchObject({ ok: false, error: { reason: 'syntax', cause } });
  });

  it('checks the shape with a valibot schema and carries its issues', async () => {
    const frames = of(Frame.text('{"id":1,"name":"A"}'), Frame.text('{"id":"1"}'), Frame.text('{"id":2,"name":"B"}'));
    const [first, wrong, last] = await all(frames.pipe(json({ schema: User })));
    expect(first).toEqual({ ok: true, value: { id: 1, name: 'A' } });
    expect(last).toEqual({ ok: true, value: { id: 2, name: 'B' } });
    expect(wrong?.ok).toBe(false);
    if (wrong?.ok !== false) return;
    expect(wrong.error).toBeInstanceOf(SchemaError);
    expect(wrong.error._tag).toBe('SchemaError');
    const paths = (wrong.error as SchemaError).issues.map((issue) => issue.path?.map((p) => (typeof p === 'object' ? p.key : p)));
    expect(paths).toEqual(expect.arrayContaining([['id'], ['name']]));
  });

  it('names the path of the first issue in a SchemaError, and quotes the text', async () => {
    const schema = z.object({ users: z.array(z.object({ id: z.number() })) });
    const text = '{\n  "users" : [\n    { "id" : "1" }\n  ]\n}';
    const [result] = await all(of(Frame.binary(utf8(text))).pipe(json({ schema })));
    if (result?.ok !== false) throw new Error('expected a failure');
    expect(result.error).toBeInstanceOf(SchemaError);
    expect(result.error.excerpt).toBe('{ "users" : [ { "id" : "1" } ] }');
    expect(result.error.message).toMatch(
      /^the message does not match the schema at users\.0\.id: .*number.*; text: \{ "users" : \[ \{ "id" : "1" \} \] \}$/,
    );
  });

  it('works with a zod schema, whose output may differ from its input', async () => {
    const schema = z.object({ at: z.string().transform((text) => new Date(text)) });
    const [result] = await all(of(Frame.text('{"at":"2024-11-03T12:10:56Z"}')).pipe(json({ schema })));
    expect(result).toEqual({ ok: true, value: { at: new Date('2024-11-03T12:10:56Z') } });
  });

  it('awaits an async schema without reordering the stream', async () => {
    let calls = 0;
    // The first validation takes longest, so an unordered implementation would emit it last.
    const slowFirst: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) => {
          const delay = 30 - 10 * calls++;
          const outcome = typeof value === 'number' ? { value } : { issues: [{ message: 'not a number' }] };
          return new Promise((resolve) => setTimeout(() => resolve(outcome), delay));
        },
      },
    };
    const frames = of(Frame.text('1'), Frame.text('"two"'), Frame.text('3'), Frame.text('{'));
    const results = await all(frames.pipe(json({ schema: slowFirst })));
    expect(results.map((result) => (result.ok ? result.value : result.error._tag))).toEqual([1, 'SchemaError', 3, 'DecodeError']);
  });
});
