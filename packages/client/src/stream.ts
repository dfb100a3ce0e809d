import type { Observable, Subscribable } from 'rxjs';

/**
 * A stream of the client: an RxJS `Observable` (pipe it through operators, subscribe to it) that can also be consumed
 * with `for await`. Leaving the loop (`break`, `return`, a thrown error) unsubscribes.
 *
 * @example
 * ```ts
 * for await (const frame of client.receive(id)) {
 *   if (frame.type === 'close') break
 * }
 * client.receive(id).pipe(take(3)).subscribe(console.log)
 * ```
 */
export type Stream<T> = Observable<T> & AsyncIterable<T>;

type Settled<T> = { readonly done: false; readonly value: T } | { readonly done: true } | { readonly error: unknown };

/**
 * Consumes any RxJS `Subscribable` (an `Observable`, a piped operator chain, a `Stream`) with `for await`.
 * It subscribes on the first `next()` and unsubscribes when the loop ends. A push source cannot be slowed down, so
 * values the loop has not taken yet wait in memory; the client's own `receive(id)` stream is the one that applies
 * backpressure to the socket.
 *
 * @example
 * ```ts
 * for await (const text of iterate(client.receive(id).pipe(on('message.text')))) console.log(text)
 * ```
 */
export function iterate<T>(source: Observable<T> | Subscribable<T>): AsyncIterableIterator<T>;
export function iterate<T>(source: Subscribable<T>): AsyncIterableIterator<T> {
  const settled: Settled<T>[] = [];
  const waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  let subscription: { unsubscribe(): void } | undefined;
  let finished = false;

  const deliver = (item: Settled<T>): void => {
    const waiter = waiting.shift();
    if (waiter === undefined) return void settled.push(item);
    if ('error' in item) waiter.reject(item.error);
    else waiter.resolve(item.done ? { done: true, value: undefined } : item);
  };
  const finish = (last: Settled<T>): void => {
    if (finished) return;
    finished = true;
    deliver(last);
    while (waiting.length > 0) deliver({ done: true });
  };
  const start = (): void => {
    if (subscription !== undefined || finished) return;
    subscription = { unsubscribe() {} };
    subscription = source.subscribe({
      next: (value) => deliver({ done: false, value }),
      error: (error: unknown) => finish({ error }),
      complete: () => finish({ done: true }),
    });
    if (finished) subscription.unsubscribe();
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      start();
      const item = settled.shift();
      if (item === undefined) {
        if (finished) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      }
      if ('error' in item) return Promise.reject(item.error);
      return Promise.resolve(item.done ? { done: true, value: undefined } : item);
    },
    return() {
      finished = true;
      settled.length = 0;
      subscription?.unsubscribe();
      while (waiting.length > 0) waiting.shift()?.resolve({ done: true, value: undefined });
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
