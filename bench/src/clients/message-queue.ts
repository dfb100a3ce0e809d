/** An unbounded FIFO drained by one async loop: the usual way to consume a push API at one's own pace. */
export class MessageQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  async drain(handle: (item: T) => Promise<void>): Promise<never> {
    for (;;) {
      if (this.head === this.items.length) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      const item = this.items[this.head] as T;
      this.items[this.head] = undefined as T;
      this.head += 1;
      await handle(item);
    }
  }
}
