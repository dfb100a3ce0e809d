import type { Observable, Subscribable } from 'rxjs';
import { StreamIterator, type IteratorPressure, type IteratorStep } from './stream-iterator.js';

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
 * It subscribes on the first `next()` and unsubscribes when the loop ends. Values the loop has not taken yet wait in
 * its queue; when the source has a {@link receivePressure} (the client's frame stream, and the operators' streams on
 * it), that queue counts toward the socket's receive buffer, so a slow loop pauses reading. Any other push source
 * cannot be slowed down. On a chain of the operators' steps that have no side effects (`success`, `caseOf`, `field`
 * and `json` without `onDrop` and with the default decoder), the loop queues the frames themselves and runs the
 * chain as it takes each one: cheaper per message, and the frames the chain will drop count toward the receive
 * buffer too while they wait.
 *
 * @example
 * ```ts
 * for await (const text of iterate(client.receive(id).pipe(on('message.text')))) console.log(text)
 * ```
 */
export function iterate<T>(source: Observable<T> | Subscribable<T>): AsyncIterableIterator<T>;
export function iterate<T>(source: Subscribable<T>): AsyncIterableIterator<T> {
  const pressure = pressureOf(source);
  const deferred = deferredStepOf<T>(source);
  if (deferred !== undefined) return StreamIterator.stepping(deferred.source, deferred.step, pressure === undefined ? {} : { pressure });
  return new StreamIterator(source, pressure === undefined ? {} : { pressure });
}

/**
 * A stream that is a synchronous step without side effects on another one: `iterate` subscribes to that one and runs
 * the step when the loop takes each value (see {@link StreamIterator.stepping}), rather than queueing what the
 * stream's own subscriber made of it. The operators' steps that never wait (`caseOf`, `field`, `success`...)
 * describe themselves so.
 */
export interface DeferredStep<S, T> {
  readonly source: Subscribable<S>;
  readonly step: IteratorStep<S, T>;
}

/**
 * The key of the method that gives a stream's {@link DeferredStep}; `iterate` calls it. A stream whose values are a
 * step without side effects on another stream's implements it.
 *
 * @example
 * ```ts
 * class Lengths extends Observable<number> {
 *   [deferredStep]() { return { source: texts, step: (text: string) => text.length } }
 * }
 * ```
 */
export const deferredStep: unique symbol = Symbol.for('@aws/client/deferred-step');

function deferredStepOf<T>(source: unknown): DeferredStep<unknown, T> | undefined {
  const method = (source as Record<symbol, unknown> | null)?.[deferredStep];
  return typeof method === 'function' ? (method.call(source) as DeferredStep<unknown, T> | undefined) : undefined;
}

/**
 * The key of a method a stream may have that gives the receive pressure of the socket its values come from: the
 * client's frame stream has it, and the operators pass their source's on, so that `for await` over a piped chain
 * slows the socket down as `for await` over the frames does. Its queue is counted in values (a pipeline's values
 * have no byte size the library knows).
 *
 * @example
 * ```ts
 * const typed = frames.pipe(json())
 * console.log(pressureOf(typed) === pressureOf(frames)) // true
 * ```
 */
export const receivePressure: unique symbol = Symbol.for('@aws/client/receive-pressure');

/**
 * A stream whose values come from a socket that can be slowed down; see {@link receivePressure}.
 *
 * @example
 * ```ts
 * class Mapped<T> extends Observable<T> implements PressureSource {
 *   [receivePressure]() { return pressureOf(this.upstream) }
 * }
 * ```
 */
export interface PressureSource {
  [receivePressure](): IteratorPressure | undefined;
}

/**
 * The receive pressure of `source`, when it has one; see {@link receivePressure}.
 *
 * @example
 * ```ts
 * const pressure = pressureOf(connection.frames.pipe(on('message.text')))
 * ```
 */
export function pressureOf(source: unknown): IteratorPressure | undefined {
  const method = (source as Partial<PressureSource> | null)?.[receivePressure];
  return typeof method === 'function' ? method.call(source) : undefined;
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
