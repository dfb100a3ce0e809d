import type { Observable, Subscribable } from 'rxjs';
import { StreamIterator } from './stream-iterator.js';

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
  return new StreamIterator(source);
}

/**
 * The key of a method that a frame stream may have: called while it delivers a frame, it gives the number of the
 * connection (1 for the first socket of the connection, 2 after a reconnection...) that frame came on. Operators use
 * it to tell sockets apart from the source itself, frames that waited in the backlog across a reconnection included.
 *
 * @example
 * ```ts
 * const stream = client.receive(id)
 * stream.subscribe(() => console.log(isConnectionNumbered(stream) ? stream[frameConnection]() : 'unknown'))
 * ```
 */
export const frameConnection: unique symbol = Symbol.for('@aws/client/frame-connection');

/** A stream that numbers the connections its frames came on; see {@link frameConnection}. */
export interface ConnectionNumbered {
  [frameConnection](): number;
}

/**
 * Whether `source` numbers its frames' connections (the client's `receive(id)` streams do).
 *
 * @example
 * ```ts
 * if (isConnectionNumbered(frames)) frames.subscribe(() => console.log(frames[frameConnection]()))
 * ```
 */
export function isConnectionNumbered(source: unknown): source is ConnectionNumbered {
  return typeof (source as Partial<ConnectionNumbered> | null)?.[frameConnection] === 'function';
}
