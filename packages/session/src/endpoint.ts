import type { Message } from '@aws/client';
import { SessionBufferFullError, SessionClosedError } from './errors.js';
import { Fifo } from '@aws/client';
import type { ResolvedSessionOptions } from './options.js';
import { Ring } from './ring.js';
import { encodeAck, encodeData, encodeResend } from './wire.js';

/** Writes one message on the current socket; resolves once written, rejects when that socket cannot take it. */
export type Link = (message: Message) => Promise<void>;

/** Writes one message on the current socket and tells nobody how it went: for every write whose outcome the session
 * does not need (a send that resolves on acknowledgement, an acknowledgement, a resend request), since the buffer of
 * unacknowledged messages, not the write, is what survives a lost socket. It must not throw. */
export type Post = (message: Message) => void;

/** One send: waiting for room (seq 0), then in the buffer until acknowledged. */
interface Entry {
  seq: number;
  readonly message: Message;
  readonly bytes: number;
  readonly onWrite: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** What one received message means: a message to hand to the application, nothing (a duplicate, an ack), or a
 * protocol error, described (a string). No object per message: this is every message's path. */
export type Incoming = Message | string | undefined;

const ignore = (): void => {};

/** The settlement functions of the promise made last: every send makes one, and an executor that captures its
 * entry would be a closure (and a context) per message; this one is made once. Read right after `new Promise`. */
const captured: { resolve: () => void; reject: (error: unknown) => void } = { resolve: ignore, reject: ignore };
const capture = (resolve: () => void, reject: (error: unknown) => void): void => {
  captured.resolve = resolve;
  captured.reject = reject;
};
const sizeOf = (message: Message): number => (message.type === 'text' ? message.text.length : message.data.byteLength);

/**
 * One side of a session, the same on the client and on the server: the sequence numbers, the buffer of what the peer
 * has not acknowledged (sent again on every new socket), the cumulative acknowledgement of what was received (carried
 * by every data message, or sent alone after `ackDelay` ms or `ackEvery` messages), and duplicate and gap detection.
 * It knows nothing of sockets: `attach` gives it the current one, `detach` takes it away.
 */
export class Endpoint {
  /** The last sequence number received in order (and handed to the application). */
  received = 0;
  private nextSeq = 0;
  /** The unacknowledged sends, in sequence order: on a ring, as every message goes in and out of it. */
  private readonly entries = new Ring<Entry>();
  private bytes = 0;
  private readonly waiting = new Fifo<Entry>();
  private link: Link | undefined;
  /** The link's void write, when the owner has one; undefined when every write goes through `link`. */
  private voidLink: Post | undefined;
  private told = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private resendAsked = -1;
  private ended: Error | undefined;
  /** While held, nothing received is acknowledged: what the application has not taken yet stays in the peer's
   * buffer, whose bounds then hold back the peer (flow control) instead of growing a backlog here. */
  private held = false;
  private heldAt = 0;

  constructor(
    private readonly options: ResolvedSessionOptions,
    /** Called when the buffer overflows under the policy `'close'`: the owner ends the session. */
    private readonly overflowed: () => void,
  ) {}

  /** Stops acknowledging (see `held`) until {@link Endpoint.release}. */
  hold(): void {
    this.held = true;
    this.heldAt = this.received;
  }

  /** While held: the application has taken the message of sequence `seq`, which may now be acknowledged. */
  consumed(seq: number): void {
    if (!this.held || seq <= this.heldAt) return;
    this.heldAt = seq;
    this.scheduleAck();
  }

  /** Acknowledges again, everything received so far. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.scheduleAck();
  }

  /** What may be acknowledged: nothing new while held. */
  private get ackable(): number {
    return this.held ? this.heldAt : this.received;
  }

  /** How many messages the peer has not acknowledged yet (waiting ones included). */
  get unacknowledged(): number {
    return this.entries.length + this.waiting.length;
  }

  /** The bytes of the unacknowledged messages in the buffer. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  send(message: Message, resolveOn = this.options.resolveOn): Promise<void> {
    if (this.ended !== undefined) return Promise.reject(this.ended);
    const bytes = sizeOf(message);
    if (bytes > this.options.bytes) return Promise.reject(this.full());
    const promise = new Promise<void>(capture);
    const waiter: Entry = { seq: 0, message, bytes, onWrite: resolveOn === 'write', resolve: captured.resolve, reject: captured.reject };
    // As an executor would: whatever throws on the way (a link, the owner's overflow) rejects this send, never its caller.
    try {
      this.admit(waiter);
    } catch (error) {
      waiter.reject(error);
    }
    return promise;
  }

  /**
   * A send that nobody awaits: numbered, kept and sent again exactly as a send, but with no promise to settle.
   * What a send would reject with at once is thrown: the session's end, a message larger than the buffer, a full
   * buffer under `'reject'` (and under `'close'`, once the owner was told).
   */
  post(message: Message): void {
    if (this.ended !== undefined) throw this.ended;
    const bytes = sizeOf(message);
    if (bytes > this.options.bytes) throw this.full();
    const refused = this.admit({ seq: 0, message, bytes, onWrite: false, resolve: ignore, reject: ignore });
    if (refused !== undefined) throw refused;
  }

  /** A new send: into the buffer (and written) when it fits and nothing waits, else as the overflow policy says.
   * A refused one is rejected, and its error returned. */
  private admit(waiter: Entry): Error | undefined {
    if (this.waiting.length === 0 && this.fits(waiter.bytes)) return void this.enqueue(waiter);
    if (this.options.overflow === 'wait') return void this.waiting.push(waiter);
    const error = this.options.overflow === 'reject' ? this.full() : new SessionClosedError('', 'overflow');
    waiter.reject(error);
    if (this.options.overflow === 'close') this.overflowed();
    return error;
  }

  /**
   * A new socket: `peerReceived` is the last sequence the peer says it received, `peerKnows` the last one of ours it
   * knows we received (both from the handshake). What the peer has is settled; the rest is written again, in order.
   * Returns how many messages were written again, or -1 when `peerReceived` is impossible (more than was sent, or
   * less than it acknowledged before).
   */
  attach(link: Link, peerReceived: number, peerKnows: number, post?: Post): number {
    if (!this.accepts(peerReceived)) return -1;
    // Settle first with no socket, so that waiting sends moved into the buffer are written once, by the resend.
    this.acknowledged(peerReceived);
    this.link = link;
    this.voidLink = post;
    this.told = peerKnows;
    this.resendAsked = -1;
    const resent = this.resendAfter(peerReceived);
    if (this.ackable > this.told) this.scheduleAck();
    return resent;
  }

  /** Whether the peer may say it received `peerReceived`: no more than was sent, no less than it acknowledged. */
  accepts(peerReceived: number): boolean {
    return Number.isSafeInteger(peerReceived) && peerReceived <= this.nextSeq && peerReceived >= this.firstUnacknowledged() - 1;
  }

  /** The socket is gone: nothing is written until the next `attach`. */
  detach(): void {
    this.link = undefined;
    this.voidLink = undefined;
    this.clearAckTimer();
  }

  /** A data message (seq, ack, payload), an acknowledgement or a resend request from the peer. */
  data(seq: number, ack: number, message: Message): Incoming {
    if (!this.acknowledged(ack)) return `acknowledgement ${ack} of messages never sent`;
    if (seq <= this.received) {
      // A duplicate: the peer did not know we had it, so tell it soon.
      this.told = Math.min(this.told, seq - 1);
      this.scheduleAck();
      return undefined;
    }
    if (seq !== this.received + 1) {
      // A gap on this socket (a frame the peer's socket could not take): ask once for everything after it.
      if (this.link !== undefined && this.resendAsked !== this.received) {
        this.resendAsked = this.received;
        this.postOn(this.link, encodeResend(this.received));
      }
      return undefined;
    }
    this.received = seq;
    this.scheduleAck();
    return message;
  }

  ack(ack: number): Incoming {
    return this.acknowledged(ack) ? undefined : `acknowledgement ${ack} of messages never sent`;
  }

  resend(received: number): Incoming {
    if (!this.acknowledged(received)) return `resend after ${received}, never sent`;
    this.resendAfter(received);
    return undefined;
  }

  /** The session is over: every unsettled send rejects with `error`, nothing more is sent. */
  end(error: Error): void {
    if (this.ended !== undefined) return;
    this.ended = error;
    this.detach();
    this.rejectAll(error);
  }

  /** The session was lost and a fresh one starts: every unsettled send rejects with `error`, the numbers restart. */
  reset(error: Error): void {
    this.rejectAll(error);
    this.received = 0;
    this.heldAt = 0;
    this.nextSeq = 0;
    this.told = 0;
    this.resendAsked = -1;
  }

  /** Empties the buffer without settling anything: the sends, in order, for the owner to write another way (the
   * fallback to a plain connection). */
  takeAll(): Array<{ readonly message: Message; readonly resolve: () => void; readonly reject: (error: unknown) => void }> {
    const all = [...this.entries.drain(), ...this.waiting.drain()];
    this.bytes = 0;
    this.nextSeq = 0;
    return all;
  }

  private rejectAll(error: Error): void {
    const unsettled = [...this.entries.drain(), ...this.waiting.drain()];
    this.bytes = 0;
    for (const entry of unsettled) entry.reject(error);
  }

  /** The error of a full buffer, made only when one is (not on every send). */
  private full(): SessionBufferFullError {
    return new SessionBufferFullError({ messages: this.options.messages, bytes: this.options.bytes });
  }

  private fits(bytes: number): boolean {
    return this.entries.length < this.options.messages && this.bytes + bytes <= this.options.bytes;
  }

  private firstUnacknowledged(): number {
    return this.entries.peek()?.seq ?? this.nextSeq + 1;
  }

  private enqueue(waiter: Entry): void {
    this.nextSeq += 1;
    const entry = waiter;
    entry.seq = this.nextSeq;
    this.entries.push(entry);
    this.bytes += entry.bytes;
    if (this.link !== undefined) this.write(this.link, entry);
  }

  private write(link: Link, entry: Entry): void {
    // The header carries the acknowledgement. A pending ack timer stays: clearing and setting one per message costs
    // more than letting it fire and find nothing to say.
    this.told = this.ackable;
    const frame = encodeData(entry.seq, this.told, entry.message);
    if (entry.onWrite) link(frame).then(entry.resolve, ignore);
    else this.postOn(link, frame);
  }

  /** A write whose outcome nobody needs: the owner's void one if it has one (no promise per message), else the
   * link's, its failure ignored (the buffer keeps what the peer has not acknowledged). */
  private postOn(link: Link, message: Message): void {
    if (this.voidLink !== undefined) this.voidLink(message);
    else link(message).catch(ignore);
  }

  private resendAfter(received: number): number {
    const link = this.link;
    if (link === undefined) return 0;
    let resent = 0;
    for (let i = 0; i < this.entries.length; i += 1) {
      const entry = this.entries.at(i) as Entry;
      if (entry.seq > received) {
        this.write(link, entry);
        resent += 1;
      }
    }
    return resent;
  }

  /** The peer has everything up to `ack`: those sends resolve and leave the buffer; waiting ones take their place. */
  private acknowledged(ack: number): boolean {
    if (ack > this.nextSeq) return false;
    let freed = false;
    for (let entry = this.entries.peek(); entry !== undefined && entry.seq <= ack; entry = this.entries.peek()) {
      this.entries.shift();
      this.bytes -= entry.bytes;
      freed = true;
      entry.resolve();
    }
    // Waiting sends move in once the buffer is down to half, in a batch: one by one, each acknowledgement would let
    // one message out, a write (a system call) per message instead of a batch per window.
    if (freed && this.entries.length <= this.options.messages / 2 && this.bytes <= this.options.bytes / 2) {
      for (let next = this.waiting.peek(); next !== undefined && this.fits(next.bytes); next = this.waiting.peek()) {
        this.enqueue(this.waiting.shift() as Entry);
      }
    }
    return true;
  }

  private scheduleAck(): void {
    if (this.link === undefined) return;
    if (this.ackable - this.told >= this.options.ackEvery) return this.sendAck();
    this.ackTimer ??= setTimeout(() => this.sendAck(), this.options.ackDelay);
  }

  private sendAck(): void {
    this.clearAckTimer();
    // Nothing new since the last data message carried the acknowledgement: nothing to send.
    if (this.link === undefined || this.ackable <= this.told) return;
    this.told = this.ackable;
    this.postOn(this.link, encodeAck(this.told));
  }

  private clearAckTimer(): void {
    if (this.ackTimer !== undefined) clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
  }
}
