/** What a multicast stream delivers to: an rxjs `Subscriber`, or a consumer of the core's own (a `SerialConsumer`). */
export interface Sink<T> {
  next(value: T): void;
  complete(): void;
}

/**
 * The subscribers of a multicast stream of the client. The array is replaced, never mutated, when one comes or goes,
 * so a delivery loops over the array it read even when a subscriber unsubscribes from inside its own `next`. It is
 * a hand-rolled Subject because the frame stream is the hot path: rxjs's (as Node loads it, the ES5 build) allocates
 * a closure and an iterator on every next (measured by the benchmark, see BENCHMARKS.md).
 */
export class SubscriberList<T> {
  private list: readonly Sink<T>[] = [];

  get size(): number {
    return this.list.length;
  }

  add(subscriber: Sink<T>): void {
    this.list = [...this.list, subscriber];
  }

  /** Removes a subscriber (the teardown of its subscription); a delivery under way still reaches it. */
  remove(subscriber: Sink<T>): void {
    this.list = this.list.filter((candidate) => candidate !== subscriber);
  }

  next(value: T): void {
    const list = this.list;
    for (let i = 0; i < list.length; i += 1) (list[i] as Sink<T>).next(value);
  }

  /** Completes every subscriber and forgets them. */
  complete(): void {
    const list = this.list;
    this.list = [];
    for (const subscriber of list) subscriber.complete();
  }
}
