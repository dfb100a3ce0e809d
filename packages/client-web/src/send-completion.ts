import type { WebSocketLike } from './web-socket-api.js';

type Done = (error?: Error | null) => void;

/** How often `bufferedAmount` is read while writes wait, at most: the first read is on the next task, later ones
 * further apart while the buffer drains slowly, so a slow network costs a few timers a second, not a busy loop. */
const maxPollDelay = 32;

/**
 * Write completion on the web, where `send` returns nothing and reports nothing: the platform counts every message
 * into `bufferedAmount` as `send` queues it and out of it once it has handed the bytes to the network, in order. So
 * a message is written once the bytes queued after it are all that is left: with `queued` the bytes ever sent and
 * each message's `end` the value of `queued` after it, it is done when `queued - bufferedAmount >= end`.
 *
 * This is what the browser knows, no more: "handed to the operating system", not "received by the server" (as with
 * `ws` on Node). A platform whose `bufferedAmount` does not grow at `send` (it is 0 at once) completes every write
 * on the next task.
 */
export class SendCompletion {
  private queued = 0;
  private readonly ends: number[] = [];
  private readonly dones: Done[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = 0;

  constructor(private readonly ws: WebSocketLike) {}

  send(data: string | Uint8Array, done: Done): void {
    const before = this.ws.bufferedAmount;
    this.ws.send(data);
    this.queued += Math.max(0, this.ws.bufferedAmount - before);
    this.ends.push(this.queued);
    this.dones.push(done);
    if (this.timer === undefined) this.schedule(0);
  }

  /** The socket has ended: the writes the platform had handed on complete now (the peer may have acted on one and
   * closed before the next poll), the others are the session's to settle (it hands them back). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.head < this.ends.length) this.check(false);
    this.timer = undefined;
    this.ends.length = 0;
    this.dones.length = 0;
    this.head = 0;
  }

  private schedule(delay: number): void {
    this.delay = delay;
    this.timer = setTimeout(() => this.check(), delay);
  }

  private check(reschedule = true): void {
    this.timer = undefined;
    const flushed = this.queued - this.ws.bufferedAmount;
    const start = this.head;
    while (this.head < this.ends.length && (this.ends[this.head] as number) <= flushed) this.head += 1;
    const done = this.dones.slice(start, this.head);
    if (this.head === this.ends.length || !reschedule) {
      this.ends.length = 0;
      this.dones.length = 0;
      this.head = 0;
    } else {
      if (this.head > 1024) {
        this.ends.splice(0, this.head);
        this.dones.splice(0, this.head);
        this.head = 0;
      }
      this.schedule(done.length > 0 ? 0 : Math.min(maxPollDelay, Math.max(1, this.delay * 2)));
    }
    for (const callback of done) callback();
  }
}
