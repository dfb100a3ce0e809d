/** What a multicast stream delivers to: an rxjs `Subscriber`, or a consumer of the core's own (a `SerialConsumer`). */
export interface Sink<T> {
  next(value: T): void;
  complete(): void;
}

/**
 * The subscribers of a multicast stream of the client: the one subscriber itself, or an array of them that is
 * replaced, never mutated, when one comes or goes, so a delivery loops over the array it read even when a subscriber
 * unsubscribes from inside its own `next`. It is a hand-rolled Subject because the frame stream is the hot path:
 * rxjs's (as Node loads it, the ES5 build) allocates a closure and an iterator on every next (measured by the
 * benchmark, see BENCHMARKS.md). No object holds it, one subscriber needs no array, and each array is exactly as
 * long as its subscribers (`concat`, where a spread or a push reserves room for 17): every connection has two
 * lists, and idle memory counts.
 */
export type SubscriberList<T> = Sink<T> | readonly Sink<T>[];

/** The list of no subscribers, shared. */
export const noSubscribers: SubscriberList<never> = Object.freeze([]);

const isMany = <T>(list: SubscriberList<T>): list is readonly Sink<T>[] => Array.isArray(list);

export function subscriberCount<T>(list: SubscriberList<T>): number {
  return isMany(list) ? list.length : 1;
}

export function withSubscriber<T>(list: SubscriberList<T>, subscriber: Sink<T>): SubscriberList<T> {
  if (!isMany(list)) return [list, subscriber];
  return list.length === 0 ? subscriber : list.concat(subscriber);
}

/** The list without `subscriber` (the teardown of its subscription); a delivery under way still reaches it. */
export function withoutSubscriber<T>(list: SubscriberList<T>, subscriber: Sink<T>): SubscriberList<T> {
  if (!isMany(list)) return list === subscriber ? noSubscribers : list;
  const rest = list.filter((candidate) => candidate !== subscriber);
  return rest.length === 0 ? noSubscribers : rest.length === 1 ? (rest[0] as Sink<T>) : rest;
}

export function deliver<T>(list: SubscriberList<T>, value: T): void {
  if (!isMany(list)) return list.next(value);
  for (let i = 0; i < list.length; i += 1) (list[i] as Sink<T>).next(value);
}

/** Completes every subscriber of `list`; the caller has already replaced it with {@link noSubscribers}. */
export function completeAll<T>(list: SubscriberList<T>): void {
  if (!isMany(list)) return list.complete();
  for (const subscriber of list) subscriber.complete();
}

/**
 * The teardown of one subscription, handed to rxjs as an object with `unsubscribe` (which rxjs calls as a method)
 * rather than a closure and its context: 40 B instead of ~100 on every subscribed connection.
 */
export class Membership<T> {
  constructor(
    private readonly stream: { release(sink: Sink<T>): void },
    private readonly sink: Sink<T>,
  ) {}

  unsubscribe(): void {
    this.stream.release(this.sink);
  }
}
