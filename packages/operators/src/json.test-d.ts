import type { Frame } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Observable } from 'rxjs';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { DecodeError, JsonError } from './errors.js';
import { json } from './json.js';
import type { Result } from './result.js';
import { success } from './success.js';

declare const frames: Observable<Frame>;
declare const texts: Observable<string>;
const User = v.object({ id: v.number(), name: v.string() });
type User = v.InferOutput<typeof User>;

describe('json and success', () => {
  it('infer the value type from a schema, with every JSON error', () => {
    expectTypeOf(frames.pipe(json({ schema: User }))).toEqualTypeOf<Observable<Result<User, JsonError>>>();
    expectTypeOf(frames.pipe(success({ schema: User }))).toEqualTypeOf<Observable<User>>();
    const Stamp = z.object({ at: z.string().transform((text) => new Date(text)) });
    expectTypeOf(frames.pipe(success({ schema: Stamp }))).toEqualTypeOf<Observable<{ at: Date }>>();
  });

  it('cast to an explicit type parameter without a schema, with decode errors only', () => {
    expectTypeOf(frames.pipe(json<User>())).toEqualTypeOf<Observable<Result<User, DecodeError>>>();
    expectTypeOf(frames.pipe(success<User>())).toEqualTypeOf<Observable<User>>();
    expectTypeOf(frames.pipe(json())).toEqualTypeOf<Observable<Result<unknown, DecodeError>>>();
  });

  it('narrow the error on _tag', () => {
    const result = {} as Result<User, JsonError>;
    if (!result.ok && result.error._tag === 'SchemaError')
      expectTypeOf(result.error.issues).toEqualTypeOf<ReadonlyArray<StandardSchemaV1.Issue>>();
    if (!result.ok && result.error._tag === 'DecodeError') expectTypeOf(result.error.reason).toEqualTypeOf<'utf8' | 'syntax'>();
  });

  it('reject what is not frames, and a decoder of another shape', () => {
    // @ts-expect-error json reads frames
    texts.pipe(json());
    // @ts-expect-error a decoder takes the text
    frames.pipe(json({ decoder: (bytes: Uint8Array) => bytes }));
  });

  it('give success an onDrop on the frames, keeping the inferred and the cast value types', () => {
    const onDrop = (frame: Frame, reason: string): void => {
      expectTypeOf(frame).toEqualTypeOf<Frame>();
      expectTypeOf(reason).toEqualTypeOf<string>();
    };
    expectTypeOf(frames.pipe(success({ schema: User, onDrop }))).toEqualTypeOf<Observable<User>>();
    expectTypeOf(frames.pipe(success<User>({ onDrop }))).toEqualTypeOf<Observable<User>>();
    expectTypeOf(frames.pipe(success({ onDrop: console.warn }))).toEqualTypeOf<Observable<unknown>>();
    frames.pipe(success({ schema: User, onDrop: (frame) => expectTypeOf(frame).toEqualTypeOf<Frame>() }));
    // @ts-expect-error onDrop gets frames
    frames.pipe(success({ onDrop: (text: string) => text }));
    // @ts-expect-error json reports failures in the stream: it has no onDrop
    frames.pipe(json({ onDrop }));
  });
});
