import { iterate, type Frame, type Stream } from '@aws/client';
import { Observable, type Subscriber } from 'rxjs';
import { Fifo } from '@aws/client';

/** A frame waiting for the application, with its sequence number when it is a session message. */
interface Waiting {
  readonly frame: Frame;
  readonly seq: number | undefined;
}

/** What the buffer tells the session, so that it acknowledges only what the application has taken. */
export interface Consumption {
  /** An RxJS subscriber takes every frame as it comes: acknowledge as they arrive. */
  flowing(): void;
  /** Nobody is subscribed any more: acknowledge only what is taken from now on. */
  idle(): void;
  /** The application took the message of sequence `seq` (through a `for await` loop, or a subscriber's backlog). */
  consumed(seq: number): void;
}

/**
 * The frame stream of a client session. RxJS subscribers are pushed every frame from the moment they subscribe; while
 * there are none, frames wait here, and a lone `for await` loop takes them one at a time (what it leaves when it
 * breaks stays for the next consumer: a loop's private buffer would drop it). The session is told what is taken,
 * so that what waits here is bounded by the peer's unacknowledged buffer.
 */
export class FrameBuffer {
  private readonly backlog = new Fifo<Waiting>();
  private readonly subscribers = new Set<Subscriber<Frame>>();
  private puller: ((result: IteratorResult<Frame>) => void) | undefined;
  private pulling = false;
  private done = false;
  readonly stream: Stream<Frame>;

  constructor(private readonly consumption: Consumption) {
    const observable = new Observable<Frame>((subscriber) => {
      for (let item = this.backlog.shift(); item !== undefined; item = this.backlog.shift()) this.take(item, subscriber);
      if (this.done) return subscriber.complete();
      this.subscribers.add(subscriber);
      if (this.subscribers.size === 1) this.consumption.flowing();
      return () => {
        if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0 || this.done) return;
        this.consumption.idle();
      };
    });
    // A loop alone pulls from the shared backlog; beside other consumers it gets its own copy, as any subscriber.
    const loop = (): AsyncIterator<Frame> => (this.subscribers.size === 0 && !this.pulling ? this.pull() : iterate(observable));
    this.stream = Object.assign(observable, { [Symbol.asyncIterator]: loop });
  }

  push(frame: Frame, seq?: number): void {
    if (this.done) return;
    if (this.subscribers.size > 0) {
      for (const subscriber of this.subscribers) subscriber.next(frame);
      return;
    }
    const puller = this.puller;
    if (puller === undefined) return this.backlog.push({ frame, seq });
    this.puller = undefined;
    if (seq !== undefined) this.consumption.consumed(seq);
    puller({ value: frame, done: false });
  }

  complete(): void {
    if (this.done) return;
    this.done = true;
    for (const subscriber of this.subscribers) subscriber.complete();
    this.subscribers.clear();
    const puller = this.puller;
    this.puller = undefined;
    puller?.({ value: undefined, done: true });
  }

  private take(item: Waiting, subscriber: Subscriber<Frame>): void {
    if (item.seq !== undefined) this.consumption.consumed(item.seq);
    subscriber.next(item.frame);
  }

  private pull(): AsyncIterator<Frame> {
    this.pulling = true;
    let ended = false;
    const finish = (): Promise<IteratorResult<Frame>> => {
      if (!ended) {
        ended = true;
        this.pulling = false;
        const puller = this.puller;
        this.puller = undefined;
        puller?.({ value: undefined, done: true });
      }
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () => {
        if (ended) return Promise.resolve({ value: undefined, done: true });
        const item = this.backlog.shift();
        if (item !== undefined) {
          if (item.seq !== undefined) this.consumption.consumed(item.seq);
          return Promise.resolve({ value: item.frame, done: false });
        }
        if (this.done) return finish();
        return new Promise((resolve) => (this.puller = resolve));
      },
      return: finish,
      throw: finish,
    };
  }
}
