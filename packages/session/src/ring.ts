/**
 * A first-in first-out queue on a ring of slots that doubles when full and never shrinks. The unacknowledged buffer
 * of a session drains after nearly every acknowledgement of a request–response exchange; `Fifo` of `@aws/client`
 * lets its array go when it drains, so each message there cost a new backing store, here it costs none. A taken item
 * is let go at once (a large message left in a slot would stay reachable).
 *
 * @example
 * ```ts
 * const ring = new Ring<string>()
 * ring.push('a')
 * ring.push('b')
 * ring.shift() // 'a'
 * ring.at(0) // 'b'
 * ```
 */
export class Ring<T> {
  private slots: (T | undefined)[] = new Array<T | undefined>(16).fill(undefined);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.slots.length) this.grow();
    this.slots[(this.head + this.size) & (this.slots.length - 1)] = item;
    this.size += 1;
  }

  /** The first item, left in place. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.slots[this.head];
  }

  /** The item `index` places after the first, left in place. */
  at(index: number): T | undefined {
    return index < 0 || index >= this.size ? undefined : this.slots[(this.head + index) & (this.slots.length - 1)];
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.slots[this.head];
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.size -= 1;
    return item;
  }

  /** Empties the ring and returns what it held, in order. */
  drain(): T[] {
    const all: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) all.push(item);
    this.head = 0;
    return all;
  }

  /** Twice the slots (a power of two, so that a position is a mask away), the items in order from the first. */
  private grow(): void {
    const slots = new Array<T | undefined>(this.slots.length * 2).fill(undefined);
    for (let i = 0; i < this.size; i += 1) slots[i] = this.slots[(this.head + i) & (this.slots.length - 1)];
    this.slots = slots;
    this.head = 0;
  }
}
