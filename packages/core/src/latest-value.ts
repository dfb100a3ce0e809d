import type { Observable, Subscriber, TeardownLogic } from 'rxjs';
import { LiveStream } from './live-stream.js';
import {
  completeAll,
  deliver,
  Membership,
  noSubscribers,
  withoutSubscriber,
  withSubscriber,
  type Sink,
  type SubscriberList,
} from './subscriber-list.js';

/**
 * The latest value and every change after it, to each subscriber, also once it has completed (a late subscriber of
 * an ended connection learns how it ended): what a `ReplaySubject(1)` does, in one small object that is its own
 * stream. It is per connection, and rxjs's subject, with its buffer, observer arrays and timestamps, weighed about
 * 200 B more on every idle connection; a separate stream object and subscriber list, another 100 B.
 *
 * @example
 * ```ts
 * const statuses = new LatestValue<ConnectionStatus>()
 * statuses.next({ type: 'connecting', attempt: 0 })
 * statuses.stream.subscribe((status) => console.log(status.type)) // connecting
 * ```
 */
export class LatestValue<T> extends LiveStream<T> {
  private latest: T | undefined;
  private hasLatest = false;
  private ended = false;
  private subscribers: SubscriberList<T> = noSubscribers;

  constructor() {
    // One function for every instance, called on it (rxjs types its `this`): no closure per connection.
    super(subscribeToLatest);
  }

  /** The values as a stream, typed so that its holders cannot emit. */
  get stream(): LiveStream<T> {
    return this;
  }

  next(value: T): void {
    if (this.ended) return;
    this.latest = value;
    this.hasLatest = true;
    deliver(this.subscribers, value);
  }

  complete(): void {
    if (this.ended) return;
    this.ended = true;
    const list = this.subscribers;
    this.subscribers = noSubscribers;
    completeAll(list);
  }

  /** A subscription: the latest value first, then every change. */
  accept(subscriber: Subscriber<T>): TeardownLogic {
    if (this.hasLatest) subscriber.next(this.latest as T);
    if (this.ended) {
      subscriber.complete();
      return undefined;
    }
    // A subscriber that unsubscribed from inside its first value is not added.
    if (subscriber.closed) return undefined;
    this.subscribers = withSubscriber(this.subscribers, subscriber);
    return new Membership(this, subscriber);
  }

  release(subscriber: Sink<T>): void {
    this.subscribers = withoutSubscriber(this.subscribers, subscriber);
  }
}

function subscribeToLatest<T>(this: Observable<T>, subscriber: Subscriber<T>): TeardownLogic {
  return (this as LatestValue<T>).accept(subscriber);
}
