import type { ConnectionStatus } from '@aws/client';
import { Observable, type Subscribable } from 'rxjs';
import { fromSubscribable, type Operator } from './operator.js';

/** A value tagged with the number of the connection it came on. */
export interface OnConnection<T> {
  /** 1 for the connection open when the stream was subscribed (or the first to open), 2 after the first
   * reconnection, and so on. */
  readonly connection: number;
  readonly value: T;
}

/**
 * Tags every value with the number of the connection it came on, counting the `connected` statuses of `statuses`,
 * so code can tell where a reconnection replaced the connection: the same `receive(id)` stream goes on across
 * reconnections, and this says where one socket ended and the next began (to subscribe again on the server, to drop
 * state that belonged to the old session...). It counts from the moment it is subscribed.
 *
 * @example
 * ```ts
 * client.receive(id).pipe(byConnection(client.status(id))).subscribe(({ connection, value }) => {
 *   if (connection !== last) resubscribe(), (last = connection)
 * })
 * ```
 */
export function byConnection<T>(statuses: Subscribable<ConnectionStatus>): Operator<T, OnConnection<T>> {
  return (source) =>
    new Observable<OnConnection<T>>((subscriber) => {
      let connection = 0;
      // Subscribed first: the live client reports `connected` before any frame of that connection.
      const counting = statuses.subscribe({
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
        counting.unsubscribe();
        tagging.unsubscribe();
      };
    });
}
