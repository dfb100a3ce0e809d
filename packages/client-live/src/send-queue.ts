import {
  ConnectionClosedError,
  MessageDroppedError,
  SendQueueFullError,
  type Frame,
  type ID,
  type OverflowPolicy,
  type SendQueueOptions,
} from '@aws/client';
import { frameBytes } from './frame-bytes.js';

export type DataFrame = Exclude<Frame, { type: 'close' }>;

/** The `bufferedAmount` past which sends wait in the queue. */
export function highWaterMark(options: SendQueueOptions = {}): number {
  return options.highWaterMark ?? 1024 * 1024;
}

/** The `bufferedAmount` under which the queue is written again; never above the high water mark. */
export function lowWaterMark(options: SendQueueOptions = {}): number {
  return Math.min(options.lowWaterMark ?? 256 * 1024, highWaterMark(options));
}

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
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly overflow: OverflowPolicy;
  readonly lowWaterMark: number;

  constructor(
    private readonly id: ID,
    options: SendQueueOptions = {},
  ) {
    this.maxMessages = options.messages ?? 1024;
    this.maxBytes = options.bytes ?? 16 * 1024 * 1024;
    this.overflow = options.overflow ?? 'reject';
    this.lowWaterMark = lowWaterMark(options);
  }

  get isEmpty(): boolean {
    return this.items.length === 0 && this.retries.length === 0;
  }

  get size(): number {
    return this.items.length + this.retries.length;
  }

  enqueue(frame: DataFrame): Promise<void> {
    return new Promise((resolve, reject) => {
      const item: QueuedSend = { frame, bytes: frameBytes(frame), resolve, reject };
      if (this.blocked.length > 0 || !this.makeRoomFor(item)) {
        if (this.overflow === 'wait') return void this.blocked.push(item);
        return reject(new SendQueueFullError(this.id, { messages: this.maxMessages, bytes: this.maxBytes }));
      }
      this.push(item);
    });
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

  /** Keeps a message whose write failed, so that the next socket writes it first (failed writes in their order).
   * It was already accepted, so it does not count against the limits again. */
  retry(item: QueuedSend): void {
    this.retries.push(item);
  }

  /** The connection has ended for good: every waiting send is rejected. */
  rejectAll(error: unknown = new ConnectionClosedError(this.id)): void {
    for (const item of [...this.retries.splice(0), ...this.items.splice(0), ...this.blocked.splice(0)]) item.reject(error);
    this.bytes = 0;
  }

  private makeRoomFor(item: QueuedSend): boolean {
    if (this.fits(item)) return true;
    if (this.overflow !== 'dropOldest') return false;
    while (!this.fits(item) && this.items.length > 0) {
      const dropped = this.items.shift() as QueuedSend;
      this.bytes -= dropped.bytes;
      dropped.reject(new MessageDroppedError(this.id));
    }
    return this.fits(item);
  }

  private fits(item: QueuedSend): boolean {
    return this.items.length < this.maxMessages && this.bytes + item.bytes <= this.maxBytes;
  }

  private push(item: QueuedSend): void {
    this.items.push(item);
    this.bytes += item.bytes;
  }

  private admitBlocked(): void {
    while (this.blocked.length > 0 && this.fits(this.blocked[0] as QueuedSend)) this.push(this.blocked.shift() as QueuedSend);
  }
}
