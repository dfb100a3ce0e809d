import { frameConnection, isConnectionNumbered, type ConnectionNumbered, type ConnectionStatus } from '@aws/client';
import { Observable, type Subscribable } from 'rxjs';
import { fromSubscribable, type Operator } from './operator.js';

/** A value tagged with the number of the connection it came on. */
export interface OnConnection<T> {
  /** 1 for the connection of the first value seen, 2 after the next reconnection, and so on. */
  readonly connection: number;
  readonly value: T;
}

/**
 * Tags every value with the number of the connection it came on, so code can tell where a reconnection replaced the
 * socket: the same `receive(id)` stream goes on across reconnections, and this says where one socket ended and the
 * next began (to subscribe again on the server, to drop state that belonged to the old session...). Numbers count
 * from 1 for the connection of the first value it sees.
 *
 * Put it first in the pipe, right on `receive(id)` (or `connection.frames`): there it reads each frame's connection
 * from the stream itself, exactly, frames that waited in the backlog across a reconnection included. On any other
 * source it counts the `connected` statuses of `statuses` instead, which is exact only for values that arrive while
 * it is subscribed.
 *
 * @example
 * ```ts
 * client.receive(id).pipe(byConnection(client.status(id)), map(({ connection, value }) => ...))
 * ```
 */
export function byConnection<T>(statuses?: Subscribable<ConnectionStatus>): Operator<T, OnConnection<T>> {
  return (source) => (isConnectionNumbered(source) ? numberedBySource(source, source) : countingStatuses(source, statuses));
}

function numberedBySource<T>(source: Subscribable<T>, numbered: ConnectionNumbered): Observable<OnConnection<T>> {
  return new Observable<OnConnection<T>>((subscriber) => {
    let first: number | undefined;
    const tagging = source.subscribe({
      next: (value) => {
        const current = numbered[frameConnection]();
        first ??= current;
        subscriber.next({ connection: current - first + 1, value });
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => tagging.unsubscribe();
  });
}

function countingStatuses<T>(source: Subscribable<T>, statuses: Subscribable<ConnectionStatus> | undefined): Observable<OnConnection<T>> {
  return new Observable<OnConnection<T>>((subscriber) => {
    let connection = 0;
    // Subscribed first: the live client reports `connected` before any frame of that connection.
    const counting = statuses?.subscribe({
      next: (status) => {
        if (status.type === 'connected') connection += 1;
      },
    });
    const tagging = fromSubscribable(source).subscribe({
      next: (value) => subscriber.next({ connection, value }),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      counting?.unsubscribe();
      tagging.unsubscribe();
    };
  });
}
