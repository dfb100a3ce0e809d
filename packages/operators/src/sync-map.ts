import { deferredStep, pressureOf, receivePressure, type DeferredStep, type IteratorPressure, type PressureSource } from '@aws/client';
import { Observable, Subscriber, type Subscribable } from 'rxjs';
import { fromSubscribable, type Operator } from './operator.js';
import { skip, type Skip } from './ordered-map.js';

type Project<T, R> = (value: T) => R | Skip;

/** The subscriber of one {@link syncMap} subscription: one call and one comparison per value, nothing else. */
class SyncMapSubscriber<T, R> extends Subscriber<T> {
  constructor(
    private readonly out: Subscriber<R>,
    private readonly project: Project<T, R>,
  ) {
    super(out);
  }

  protected override _next(value: T): void {
    let result: R | Skip;
    try {
      result = this.project(value);
    } catch (error) {
      this.out.error(error);
      return;
    }
    if (result !== skip) this.out.next(result);
  }
}

/**
 * The stream a {@link syncMap} makes: it keeps its source and its step, so that a `syncMap` piped right after it
 * runs both steps in one subscriber rather than two. `success → caseOf → field` is then one layer per message
 * instead of three (each layer is a `next`, a stopped check, a `_next` and a try/catch). The steps run in the same
 * order, each value through all of them before the next value, a throw in any of them errors the stream as it did,
 * and every subscription still subscribes to the source once.
 */
class SyncMapped<T, R> extends Observable<R> implements PressureSource {
  constructor(
    readonly upstream: Subscribable<T>,
    readonly step: Project<T, R>,
    /** Whether the step has no side effects (no `onDrop`, no `log`): then only what it answers matters, not when. */
    readonly pure: boolean,
  ) {
    super((subscriber) => {
      fromSubscribable(upstream).subscribe(new SyncMapSubscriber(subscriber, step));
    });
  }

  /** The source's receive pressure, passed on: `for await` over the chain slows the socket as over the frames. */
  [receivePressure](): IteratorPressure | undefined {
    return pressureOf(this.upstream);
  }

  /**
   * For `iterate` of `@aws/client`: a pure chain lets the loop's iterator queue the source's values and run the
   * step as it takes each one, rather than run it in the source's callback and queue its result. One value goes
   * through one subscriber layer fewer, and is handled where the loop is.
   */
  [deferredStep](): DeferredStep<T, R> | undefined {
    return this.pure ? { source: this.upstream, step: this.step } : undefined;
  }
}

/** Options of {@link syncMap}. */
interface SyncMapOptions {
  /**
   * The step has no side effects: a `for await` loop may run it when it takes each value instead of when the value
   * arrives (or never, for values still queued when the loop ends).
   * @default false
   */
  readonly pure?: boolean;
}

/** `first`, then `second` on what it kept. */
const compose =
  <T, M, R>(first: Project<T, M>, second: Project<M, R>): Project<T, R> =>
  (value) => {
    const middle = first(value);
    return middle === skip ? skip : second(middle as M);
  };

/**
 * Maps every value through a synchronous `project`, dropping those it answers {@link skip} for. The operators whose
 * step never waits (`caseOf`, `field`, `matching`, `log`, `success` with the default decoder) use it rather than
 * `orderedMap`: they keep the source's order by construction, and skip the promise check on every value of a hot
 * stream. A value that happens to be a promise passes through as a value. Consecutive `syncMap`s fuse into one
 * subscriber (see {@link SyncMapped}); a chain of `pure` ones runs in a `for await` loop when it takes each value.
 */
export function syncMap<T, R>(project: Project<T, R>, options: SyncMapOptions = {}): Operator<T, R> {
  const pure = options.pure === true;
  return (source: Subscribable<T>) =>
    source instanceof SyncMapped
      ? new SyncMapped<unknown, R>(source.upstream, compose(source.step as Project<unknown, T>, project), source.pure && pure)
      : new SyncMapped(source, project, pure);
}
