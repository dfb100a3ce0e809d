import { ConnectionClosedError, MessageDroppedError, SendQueueFullError, type Frame, type ID } from '@aws/client';
import { frameBytes } from './frame-bytes.js';
import type { QueueBounds } from './resolve-settings.js';

const ignore = (): void => {};

/** A frame that is written as it is: every frame but close, which is `close()`. */
export type DataFrame = Exclude<Frame, { type: 'close' }>;

/** A message waiting to be written, with the settlement of its `send` promise. */
export interface QueuedSend {
  readonly frame: DataFrame;
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The messages of one connection that wait to be written: while it opens or reconnects, and while the socket's own
 * buffer is over its high water mark. It is bounded in messages and bytes, and what happens on overflow is the user's
 * choice; every promise it hands out settles.
 */
export class SendQueue {
  private readonly items: QueuedSend[] = [];
  /** Sends whose write failed when their socket died, in the order they were sent: they go out first next time. */
  private readonly retries: QueuedSend[] = [];
  /** Sends waiting for room, with overflow policy 'wait'. */
  private readonly blocked: QueuedSend[] = [];
  private bytes = 0;

  constructor(
    private readonly id: ID,
    readonly bounds: QueueBounds,
  ) {}

  /** True when nothing waits, blocked sends included: a new send may then be written at once without overtaking. */
  get isEmpty(): boolean {
    return this.items.length === 0 && this.retries.length === 0 && this.blocked.length === 0;
  }

  get size(): number {
    return this.items.length + this.retries.length;
  }

  enqueue(frame: DataFrame): Promise<void> {
    return new Promise((resolve, reject) => {
      const refused = this.admit({ frame, bytes: frameBytes(frame), resolve, reject });
      if (refused !== undefined) reject(refused);
    });
  }

  /** Queues a frame nobody awaits (a `post`): no promise, and what becomes of it later (dropped for a newer one,
   * rejected at the end) reaches nobody. Returns the error a send would reject with at once, when it is refused. */
  post(frame: DataFrame): SendQueueFullError | undefined {
    return this.admit({ frame, bytes: frameBytes(frame), resolve: ignore, reject: ignore });
  }

  /** Queues a send, leaves it waiting for room, or says why it is refused. */
  private admit(item: QueuedSend): SendQueueFullError | undefined {
    // A message larger than the whole budget can never be queued: waiting or dropping others would not help.
    if (item.bytes > this.bounds.bytes) return this.full();
    if (this.blocked.length > 0 || !this.makeRoomFor(item)) {
      if (this.bounds.overflow !== 'wait') return this.full();
      this.blocked.push(item);
      return undefined;
    }
    this.push(item);
    return undefined;
  }

  /** Whether a message of `bytes` would be queued now (not refused, not dropped for, not left waiting). */
  hasRoomFor(bytes: number): boolean {
    return this.blocked.length === 0 && this.items.length < this.bounds.messages && this.bytes + bytes <= this.bounds.bytes;
  }

  /** Takes the next message to write, letting a blocked send in if there is room now. */
  shift(): QueuedSend | undefined {
    const retry = this.retries.shift();
    if (retry !== undefined) return retry;
    const item = this.items.shift();
    if (item === undefined) return undefined;
    this.bytes -= item.bytes;
    this.admitBlocked();
    return item;
  }

  /** Takes back the messages a dead socket had not finished writing, in the order they were written, so that the
   * next socket writes them first. They were accepted already, so they do not count against the bounds again. */
  requeue(unwritten: readonly QueuedSend[]): void {
    if (unwritten.length > 0) this.retries.unshift(...unwritten);
  }

  /** The connection has ended for good: every waiting send is rejected. */
  rejectAll(error: unknown = new ConnectionClosedError(this.id)): void {
    for (const item of [...this.retries.splice(0), ...this.items.splice(0), ...this.blocked.splice(0)]) item.reject(error);
    this.bytes = 0;
  }

  private makeRoomFor(item: QueuedSend): boolean {
    if (this.fits(item)) return true;
    if (this.bounds.overflow !== 'dropOldest') return false;
    while (!this.fits(item) && this.items.length > 0) {
      const dropped = this.items.shift() as QueuedSend;
      this.bytes -= dropped.bytes;
      dropped.reject(new MessageDroppedError(this.id));
    }
    return this.fits(item);
  }

  private fits(item: QueuedSend): boolean {
    return this.items.length < this.bounds.messages && this.bytes + item.bytes <= this.bounds.bytes;
  }

  private full(): SendQueueFullError {
    return new SendQueueFullError(this.id, { messages: this.bounds.messages, bytes: this.bounds.bytes });
  }

  private push(item: QueuedSend): void {
    this.items.push(item);
    this.bytes += item.bytes;
  }

  private admitBlocked(): void {
    while (this.blocked.length > 0 && this.fits(this.blocked[0] as QueuedSend)) this.push(this.blocked.shift() as QueuedSend);
  }
}
