import { Observable, type Subscribable } from 'rxjs';

/**
 * The shape of every operator of this package: an RxJS pipeable operator (it fits `observable.pipe(...)` and
 * `pipe(...)` from rxjs) that also accepts any `Subscribable`, such as a `{ subscribe }` object from another library.
 * The `Observable` signature comes last on purpose: TypeScript infers the element type of a `pipe` from it.
 *
 * @example
 * ```ts
 * const texts: Operator<Frame, string> = on('message.text')
 * texts({ subscribe: (observer) => frames.subscribe(observer) }).subscribe(console.log)
 * ```
 */
export interface Operator<T, R> {
  (source: Subscribable<T>): Observable<R>;
  (source: Observable<T>): Observable<R>;
}

/** Lifts any `Subscribable` into an `Observable`, so operators can use rxjs's own on it. */
export function fromSubscribable<T>(source: Subscribable<T>): Observable<T> {
  if (source instanceof Observable) return source as Observable<T>;
  return new Observable<T>((subscriber) => source.subscribe(subscriber));
}
