import type { Subscriber } from 'rxjs';
import { LiveStream } from './live-stream.js';
import { SubscriberList } from './subscriber-list.js';

/**
 * The latest value and every change after it, to each subscriber, also once it has completed (a late subscriber of
 * an ended connection learns how it ended): what a `ReplaySubject(1)` does, in one small object and the list of its
 * subscribers. It is per connection, and rxjs's subject, with its buffer, observer arrays and timestamps, weighed
 * about 200 B more on every idle connection.
 *
 * @example
 * ```ts
 * const statuses = new LatestValue<ConnectionStatus>()
 * statuses.next({ type: 'connecting', attempt: 0 })
 * statuses.stream.subscribe((status) => console.log(status.type)) // connecting
 * ```
 */
export class LatestValue<T> {
  private latest: { readonly value: T } | undefined;
  private ended = false;
  private readonly subscribers = new SubscriberList<T>();
  readonly stream: LiveStream<T> = new LiveStream<T>((subscriber) => this.subscribe(subscriber));

  next(value: T): void {
    if (this.ended) return;
    this.latest = { value };
    this.subscribers.next(value);
  }

  complete(): void {
    if (this.ended) return;
    this.ended = true;
    this.subscribers.complete();
  }

  private subscribe(subscriber: Subscriber<T>): (() => void) | undefined {
    if (this.latest !== undefined) subscriber.next(this.latest.value);
    if (this.ended) {
      subscriber.complete();
      return undefined;
    }
    // A subscriber that unsubscribed from inside its first value is not added.
    if (subscriber.closed) return undefined;
    this.subscribers.add(subscriber);
    return () => this.subscribers.remove(subscriber);
  }
}
