/**
 * A first-in first-out queue on an array with a moving head: `Array.prototype.shift` is linear on a long array in
 * V8, and a consumer that falls behind, a session's waiting sends or a frame buffer may hold tens of thousands. A
 * taken item is let go at once (a large message left in the array would stay reachable), the array starts over when
 * it is drained, and it is compacted once its dead head outweighs the rest. One definition for the stream iterator,
 * the serial consumer and the session layer.
 *
 * @example
 * ```ts
 * const queue = new Fifo<string>()
 * queue.push('a')
 * queue.push('b')
 * queue.shift() // 'a'
 * queue.length // 1
 * ```
 */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The first item, left in place. */
  peek(): T | undefined {
    return this.items[this.head];
  }

  /** The item `index` places after the first, left in place. */
  at(index: number): T | undefined {
    return this.items[this.head + index];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined as T;
    this.head += 1;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }

  /** Empties the queue and returns what it held, in order. */
  drain(): T[] {
    const rest = this.head === 0 ? this.items : this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}
