import { BehaviorSubject, Observable, Subject, map, of, toArray, lastValueFrom, type Subscribable } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Frame } from './frame.js';
import type { Stream } from './stream.js';
import { toStream } from './to-stream.js';

const collect = async <T>(stream: AsyncIterable<T>): Promise<T[]> => {
  const values: T[] = [];
  for await (const value of stream) values.push(value);
  return values;
};

describe('toStream', () => {
  it('makes of(...) a Stream: an Observable of its own RxJS, and async iterable', async () => {
    const stream = toStream(of(Frame.text('a'), Frame.text('b')));
    expectTypeOf(stream).toEqualTypeOf<Stream<Frame>>();
    expect(stream).toBeInstanceOf(Observable);
    expect(await collect(stream)).toEqual([Frame.text('a'), Frame.text('b')]);
    expect(
      await lastValueFrom(
        stream.pipe(
          map((frame) => frame.type),
          toArray(),
        ),
      ),
    ).toEqual(['message', 'message']);
  });

  it('makes a Subject a Stream the test pushes through, and leaves the loop unsubscribed', async () => {
    const frames = new Subject<Frame>();
    const stream = toStream(frames);
    const seen: Frame[] = [];
    const loop = (async () => {
      for await (const frame of stream) {
        seen.push(frame);
        if (frame.type === 'close') break;
      }
    })();
    await Promise.resolve();
    frames.next(Frame.text('hello'));
    frames.next(Frame.close(1000, 'bye'));
    await loop;
    expect(seen).toEqual([Frame.text('hello'), Frame.close(1000, 'bye')]);
    expect(frames.observed).toBe(false);
  });

  it('subscribes to the source for each subscriber, as the Subject itself would', () => {
    const statuses = new BehaviorSubject(1);
    const stream = toStream(statuses);
    const first: number[] = [];
    const second: number[] = [];
    stream.subscribe((value) => first.push(value));
    statuses.next(2);
    stream.subscribe((value) => second.push(value));
    statuses.next(3);
    expect(first).toEqual([1, 2, 3]);
    expect(second).toEqual([2, 3]);
  });

  it('hands a Stream back as it is', () => {
    const stream = toStream(of(1));
    expect(toStream(stream)).toBe(stream);
  });

  it('builds the stream of a plain Subscribable with the Observable it is given', async () => {
    const source: Subscribable<number> = {
      subscribe(observer) {
        observer.next?.(1);
        observer.next?.(2);
        observer.complete?.();
        return { unsubscribe() {} };
      },
    };
    const stream = toStream(source, Observable);
    expect(stream).toBeInstanceOf(Observable);
    expect(await collect(stream)).toEqual([1, 2]);
    // @ts-expect-error a plain Subscribable needs the Observable constructor
    expect(() => toStream(source)).toThrow(/pass the Observable class/);
  });
});
