import { finalize, Observable, of, Subject, take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StreamIterator, stepSkip, type IteratorPressure } from './stream-iterator.js';

/** A pressure that records every report. */
function recordingPressure(): IteratorPressure & { readonly reports: string[] } {
  const reports: string[] = [];
  return {
    reports,
    update: (_owner, values, weight) => void reports.push(`${values}/${weight}`),
    release: () => void reports.push('release'),
  };
}

describe('StreamIterator', () => {
  it('lets the source go as soon as it completes, before the loop has taken what is queued', async () => {
    let finalized = false;
    const iterator = new StreamIterator(of(1, 2).pipe(finalize(() => (finalized = true))));
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(finalized).toBe(true);
    expect(await iterator.next()).toEqual({ done: false, value: 2 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('lets the source go when it errors', async () => {
    let finalized = false;
    const subject = new Subject<number>();
    const iterator = new StreamIterator(subject.pipe(finalize(() => (finalized = true))));
    const first = iterator.next();
    subject.error(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    expect(finalized).toBe(true);
    expect(subject.observed).toBe(false);
  });

  it('unsubscribes an operator chain upstream when the loop is left', async () => {
    const subject = new Subject<number>();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const value of new StreamIterator<number>(subject.pipe(take(5)))) {
        seen.push(value);
        if (value === 2) break;
      }
    })();
    await Promise.resolve();
    subject.next(1);
    subject.next(2);
    await loop;
    expect(seen).toEqual([1, 2]);
    expect(subject.observed).toBe(false);
  });

  it('ends with an operator that completes upstream of it, and lets the source go', async () => {
    const subject = new Subject<number>();
    const iterator = new StreamIterator(subject.pipe(take(1)));
    const first = iterator.next();
    subject.next(7);
    expect(await first).toEqual({ done: false, value: 7 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(subject.observed).toBe(false);
  });

  it('consumes a Subscribable that is not an rxjs Observable, and unsubscribes from it', async () => {
    const observers: { next(value: string): void }[] = [];
    let unsubscribed = 0;
    const source = {
      subscribe(observer: { next(value: string): void }) {
        observers.push(observer);
        return { unsubscribe: () => void (unsubscribed += 1) };
      },
    };
    const iterator = new StreamIterator<string>(source);
    const first = iterator.next();
    observers[0]?.next('a');
    expect(await first).toEqual({ done: false, value: 'a' });
    await iterator.return();
    expect(unsubscribed).toBe(1);
    observers[0]?.next('late');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('unsubscribes at once from a foreign Subscribable that completed while subscribing', async () => {
    let unsubscribed = 0;
    const source = {
      subscribe(observer: { next(value: number): void; complete(): void }) {
        observer.next(1);
        observer.complete();
        return { unsubscribe: () => void (unsubscribed += 1) };
      },
    };
    const iterator = new StreamIterator<number>(source);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    expect(unsubscribed).toBe(1);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('never subscribes when returned before the first next()', async () => {
    let subscribed = 0;
    const source = new Observable<number>(() => void (subscribed += 1));
    const iterator = new StreamIterator(source);
    await iterator.return();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(subscribed).toBe(0);
  });

  it('reports its queue to the pressure as values come and go, and releases it at the end', async () => {
    const pressure = recordingPressure();
    const subject = new Subject<string>();
    const iterator = new StreamIterator<string>(subject, { pressure, weigh: (value) => value.length });
    await Promise.race([iterator.next(), Promise.resolve()]);
    subject.next('first');
    subject.next('ab');
    subject.next('cde');
    expect(await iterator.next()).toEqual({ done: false, value: 'ab' });
    subject.complete();
    expect(pressure.reports).toEqual(['1/2', '2/5', '1/3', 'release']);
  });

  describe('with a step', () => {
    /** Halves the even numbers, drops the odd ones, and records what it was given. */
    function halving(): { step: (value: number) => number | typeof stepSkip; seen: number[] } {
      const seen: number[] = [];
      const step = (value: number): number | typeof stepSkip => {
        seen.push(value);
        return value % 2 === 0 ? value / 2 : stepSkip;
      };
      return { seen, step };
    }

    it('runs it when the loop takes a queued value, not when the value arrives, and drops what it skips', async () => {
      const subject = new Subject<number>();
      const { step, seen } = halving();
      const iterator = StreamIterator.stepping(subject, step);
      await Promise.race([iterator.next(), Promise.resolve()]);
      subject.next(2);
      subject.next(3);
      subject.next(4);
      subject.next(5);
      subject.next(6);
      // The waiting next() took 2 at once; 3 to 6 wait, untouched.
      expect(seen).toEqual([2]);
      expect(await iterator.next()).toEqual({ done: false, value: 2 });
      expect(seen).toEqual([2, 3, 4]);
      expect(await iterator.next()).toEqual({ done: false, value: 3 });
      subject.complete();
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
      expect(seen).toEqual([2, 3, 4, 5, 6]);
    });

    it('keeps a waiting next() waiting through the values it skips', async () => {
      const subject = new Subject<number>();
      const iterator = StreamIterator.stepping(subject, halving().step);
      const next = iterator.next();
      subject.next(1);
      subject.next(3);
      subject.next(8);
      expect(await next).toEqual({ done: false, value: 4 });
    });

    it('counts the values it will skip toward the pressure while they wait', async () => {
      const pressure = recordingPressure();
      const subject = new Subject<number>();
      const iterator = StreamIterator.stepping(subject, halving().step, { pressure });
      const first = iterator.next();
      subject.next(4);
      expect(await first).toEqual({ done: false, value: 2 });
      // Handed to the waiting next(): never queued.
      expect(pressure.reports).toEqual([]);
      subject.next(1);
      subject.next(3);
      subject.next(6);
      expect(await iterator.next()).toEqual({ done: false, value: 3 });
      expect(pressure.reports).toEqual(['1/0', '2/0', '3/0', '2/0', '1/0', '0/0']);
    });

    it('ends the loop with what it throws, after the values before, and lets the source go', async () => {
      let finalized = false;
      const subject = new Subject<number>();
      const step = (value: number): number => {
        if (value === 3) throw new Error('three');
        return value;
      };
      const iterator = StreamIterator.stepping(subject.pipe(finalize(() => (finalized = true))), step);
      await Promise.race([iterator.next(), Promise.resolve()]);
      subject.next(1);
      subject.next(2);
      subject.next(3);
      subject.next(4);
      expect(await iterator.next()).toEqual({ done: false, value: 2 });
      expect(finalized).toBe(false);
      await expect(iterator.next()).rejects.toThrow('three');
      expect(finalized).toBe(true);
      expect(subject.observed).toBe(false);
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    });

    it('rejects the waiting next() when it throws on a value that arrives while the loop waits', async () => {
      const subject = new Subject<number>();
      const iterator = StreamIterator.stepping(subject, (): number => {
        throw new Error('bad value');
      });
      const first = iterator.next();
      const second = iterator.next();
      subject.next(1);
      await expect(first).rejects.toThrow('bad value');
      expect(await second).toEqual({ done: true, value: undefined });
      expect(subject.observed).toBe(false);
    });

    it('throws once the source has completed, when a value left in the queue makes it throw', async () => {
      const step = (value: number): number => {
        if (value === 2) throw new Error('two');
        return value;
      };
      const iterator = StreamIterator.stepping(of(1, 2, 3), step);
      expect(await iterator.next()).toEqual({ done: false, value: 1 });
      await expect(iterator.next()).rejects.toThrow('two');
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    });
  });
});
