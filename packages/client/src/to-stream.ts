import type { Observable, Subscribable, Subscriber, TeardownLogic } from 'rxjs';
import { iterate, type Stream } from './stream.js';

/**
 * The constructor of RxJS's `Observable`: `import { Observable } from 'rxjs'`. {@link toStream} builds its streams
 * with it when the source does not say which one to use.
 */
export type ObservableConstructor = new <T>(subscribe: (subscriber: Subscriber<T>) => TeardownLogic) => Observable<T>;

/**
 * The `Observable` class at the root of `source`'s prototype chain: the class of `of(...)` and the one `Subject`,
 * `BehaviorSubject` and the others extend. undefined when `source` is no RxJS Observable.
 */
function observableClassOf(source: object): ObservableConstructor | undefined {
  let prototype: unknown = Object.getPrototypeOf(source);
  while (prototype !== null && Object.getPrototypeOf(prototype) !== Object.prototype) {
    prototype = Object.getPrototypeOf(prototype);
  }
  const root = (prototype as { constructor?: unknown } | null)?.constructor;
  if (typeof root !== 'function') return undefined;
  const methods = root.prototype as Record<string, unknown>;
  const observable = ['subscribe', 'pipe', 'lift'].every((name) => typeof methods[name] === 'function');
  return observable ? (root as ObservableConstructor) : undefined;
}

const isStream = <T>(source: object): source is Stream<T> =>
  Symbol.asyncIterator in source && typeof (source as { pipe?: unknown }).pipe === 'function';

/**
 * Turns an RxJS `Observable` or any `Subscribable` into a {@link Stream}: an `Observable` that `for await` can also
 * consume, the type `receive(id)` and `status(id)` return. Each subscription (and each `for await` loop) subscribes
 * to the source; a `Subject` stays yours to push values through. A source that already is a `Stream` comes back
 * as it is.
 *
 * `@aws/client` has no runtime dependency, RxJS included, so the stream is an instance of the caller's `Observable`:
 * the class the source was built with (`of(...)`, a `Subject`), or, for a plain `{ subscribe }` object, the
 * `Observable` passed as the second argument. Either way, `instanceof Observable` and the operators of the RxJS the
 * app uses work on it.
 *
 * @throws TypeError when the source is no RxJS Observable and no `Observable` is given.
 * @example
 * ```ts
 * import { Observable, Subject, of } from 'rxjs'
 *
 * const chat = new Subject<Frame>()
 * const client = testClient({ receive: (id) => (id === chatId ? toStream(chat) : toStream(of<Frame>())) })
 * chat.next(Frame.text('Hello')) // to every subscriber of client.receive(chatId)
 *
 * for await (const status of toStream(of<ConnectionStatus>({ type: 'connecting', attempt: 0 }))) console.log(status)
 * toStream({ subscribe: (observer) => other.listen(observer) }, Observable) // a source from another library
 * ```
 */
export function toStream<T>(source: Observable<T>, Observable?: ObservableConstructor): Stream<T>;
export function toStream<T>(source: Subscribable<T>, Observable: ObservableConstructor): Stream<T>;
export function toStream<T>(source: Subscribable<T>, Observable?: ObservableConstructor): Stream<T> {
  if (isStream<T>(source)) return source;
  const Class = Observable ?? observableClassOf(source);
  if (Class === undefined) {
    throw new TypeError('toStream: the source is no RxJS Observable; pass the Observable class: toStream(source, Observable)');
  }
  const stream = new Class<T>((subscriber) => source.subscribe(subscriber));
  return Object.assign(stream, { [Symbol.asyncIterator]: () => iterate(stream) });
}
