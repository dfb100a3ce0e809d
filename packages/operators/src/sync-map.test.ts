import { Frame, iterate, receivePressure, type IteratorPressure } from '@aws/client';
import { Observable, Subject, lastValueFrom, of, take, toArray, type Subscribable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { caseOf } from './case.js';
import { field } from './field.js';
import { log } from './log.js';
import { skip } from './ordered-map.js';
import { success } from './success.js';
import { syncMap } from './sync-map.js';

type Message = { type: 'tick'; tick: { seq: number } } | { type: 'other'; other: string };

/** A source of `values` that counts its subscriptions and how many are still open. */
function counted<T>(values: readonly T[]): { source: Observable<T>; subscriptions: () => number; open: () => number } {
  let subscriptions = 0;
  let open = 0;
  const source = new Observable<T>((subscriber) => {
    subscriptions += 1;
    open += 1;
    for (const value of values) subscriber.next(value);
    subscriber.complete();
    return () => (open -= 1);
  });
  return { source, subscriptions: () => subscriptions, open: () => open };
}

describe('syncMap', () => {
  it('runs consecutive steps in one subscriber with the results of separate ones, skips included', async () => {
    const calls: string[] = [];
    const double = syncMap((n: number) => {
      calls.push(`double ${n}`);
      return n % 3 === 0 ? skip : n * 2;
    });
    const describe = syncMap((n: number) => {
      calls.push(`describe ${n}`);
      return n > 8 ? skip : `#${n}`;
    });
    expect(await lastValueFrom(of(1, 2, 3, 4, 5).pipe(double, describe, toArray()))).toEqual(['#2', '#4', '#8']);
    // Each value goes through every step before the next value; a skipped one goes no further.
    expect(calls).toEqual([
      'double 1',
      'describe 2',
      'double 2',
      'describe 4',
      'double 3',
      'double 4',
      'describe 8',
      'double 5',
      'describe 10',
    ]);
  });

  it('subscribes to the source once per subscription, also for two pipelines that share a first step', async () => {
    const { source, subscriptions } = counted([1, 2, 3]);
    const shared = source.pipe(syncMap((n: number) => n * 10));
    const plusOne = shared.pipe(syncMap((n: number) => n + 1));
    const halves = shared.pipe(syncMap((n: number) => n / 2));
    expect(await lastValueFrom(plusOne.pipe(toArray()))).toEqual([11, 21, 31]);
    expect(await lastValueFrom(halves.pipe(toArray()))).toEqual([5, 10, 15]);
    expect(await lastValueFrom(shared.pipe(toArray()))).toEqual([10, 20, 30]);
    expect(subscriptions()).toBe(3);
  });

  it('errors the stream with a throw of any step, and unsubscribes from the source', () => {
    const { source, open } = counted([1, 2, 3]);
    const failure = new Error('no 2');
    const seen: number[] = [];
    let error: unknown;
    source
      .pipe(
        syncMap((n: number) => n),
        syncMap((n: number) => {
          if (n === 2) throw failure;
          return n;
        }),
      )
      .subscribe({ next: (n) => seen.push(n), error: (caught: unknown) => (error = caught) });
    expect(seen).toEqual([1]);
    expect(error).toBe(failure);
    expect(open()).toBe(0);
  });

  it('stops the fused steps when the consumer unsubscribes from inside its next', () => {
    const source = new Subject<number>();
    const steps: number[] = [];
    const seen: number[] = [];
    source
      .pipe(
        syncMap((n: number) => {
          steps.push(n);
          return n;
        }),
        syncMap((n: number) => n),
        take(1),
      )
      .subscribe((n) => seen.push(n));
    source.next(1);
    source.next(2);
    expect(seen).toEqual([1]);
    expect(steps).toEqual([1]);
    expect(source.observed).toBe(false);
  });

  it('fuses the typed pipeline success → caseOf → field and keeps its answers', async () => {
    const frames = of(
      Frame.text('{"type":"tick","tick":{"seq":1}}'),
      Frame.text('not json'),
      Frame.ping(),
      Frame.text('{"type":"other","other":"x"}'),
      Frame.binary(new TextEncoder().encode('{"type":"tick","tick":{"seq":2}}')),
      Frame.binary(new Uint8Array([0xff])),
      Frame.text('{"type":"tick","tick":{}}'),
    );
    const seqs = frames.pipe(success<Message>(), caseOf('tick'), field('seq'));
    expect(await lastValueFrom(seqs.pipe(toArray()))).toEqual([1, 2]);
  });

  it('accepts a plain Subscribable', async () => {
    const subscribable: Subscribable<number> = { subscribe: (observer) => of(1, 2).subscribe(observer) };
    const doubled = syncMap((n: number) => n * 2)(subscribable);
    expect(
      await lastValueFrom(
        doubled.pipe(
          syncMap((n: number) => n + 1),
          toArray(),
        ),
      ),
    ).toEqual([3, 5]);
  });

  describe('under iterate', () => {
    /** A frame source with a receive pressure that records the queue sizes reported to it, as the client's has. */
    function pressured(): { frames: Subject<Frame> & { [receivePressure](): IteratorPressure }; reports: number[] } {
      const reports: number[] = [];
      const pressure: IteratorPressure = { update: (_owner, values) => void reports.push(values), release: () => {} };
      return { frames: Object.assign(new Subject<Frame>(), { [receivePressure]: () => pressure }), reports };
    }

    const tick = (seq: number): Frame => Frame.text(`{"type":"tick","tick":{"seq":${seq}}}`);
    const other = Frame.text('{"type":"other","other":"x"}');

    it('queues the frames of a pure chain as they come, those it will drop included, and answers as subscribe does', async () => {
      const { frames, reports } = pressured();
      const seqs = iterate(frames.pipe(success<Message>(), caseOf('tick'), field('seq')));
      const first = seqs.next();
      frames.next(tick(1));
      expect(await first).toEqual({ done: false, value: 1 });
      frames.next(other);
      frames.next(Frame.text('not json'));
      frames.next(tick(2));
      // The two frames the chain drops wait in the queue with the tick, and count toward the receive buffer.
      expect(reports).toEqual([1, 2, 3]);
      expect(await seqs.next()).toEqual({ done: false, value: 2 });
      frames.complete();
      expect(await seqs.next()).toEqual({ done: true, value: undefined });
    });

    it('runs a chain with side effects as the values come, so a log sees them when they arrive', async () => {
      const { frames, reports } = pressured();
      const logged: unknown[] = [];
      const seqs = iterate(
        frames.pipe(
          success<Message>(),
          log((message) => logged.push(message)),
          caseOf('tick'),
          field('seq'),
        ),
      );
      const first = seqs.next();
      frames.next(tick(1));
      expect(await first).toEqual({ done: false, value: 1 });
      frames.next(other);
      frames.next(tick(2));
      expect(logged).toHaveLength(3);
      // Only what the chain emitted waits for the loop.
      expect(reports).toEqual([1]);
      expect(await seqs.next()).toEqual({ done: false, value: 2 });
    });
  });
});
