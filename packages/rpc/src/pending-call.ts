import { AbortedError, TimedOutError, type Frame } from '@aws/client';
import type { CallId, Outcome } from './codec.js';

/** What a pending call needs from the caller that owns it. */
export interface CallOwner {
  /** Forgets the call (it settled); `abandoned`: it gave up waiting, so a late answer is not a problem. */
  forget(call: PendingCall, abandoned: boolean): void;
}

/**
 * One call waiting for its answer: its timer and abort listener, and where its frame went. Settling it (answer,
 * timeout, abort, a lost connection) clears both, so no timer or listener outlives the call.
 */
export class PendingCall {
  /** The number of the socket its frame was written on, 0 while it waits in the send queue. */
  writtenOn = 0;
  /** Its socket ended before the answer came; it is re-sent on the next one. */
  lost = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private settled = false;
  private whenSettled: Promise<void> | undefined;
  private markSettled: (() => void) | undefined;

  constructor(
    private readonly owner: CallOwner,
    readonly id: CallId,
    readonly request: unknown,
    /** Kept while it may be sent again (a `resend` call, or one not written yet); dropped otherwise, to save memory. */
    public frame: Frame | undefined,
    readonly resend: boolean,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (error: unknown) => void,
    timeout: number,
  ) {
    if (Number.isFinite(timeout)) {
      this.timer = setTimeout(() => this.abandon(new TimedOutError('call', timeout)), timeout);
    }
    if (signal !== undefined) {
      // Made only for calls with a signal: idle memory per pending call counts (10,000 in flight is a benchmark).
      this.onAbort = () => this.abandon(new AbortedError(signal.reason, 'call'));
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  private readonly onAbort: (() => void) | undefined;

  get isSettled(): boolean {
    return this.settled;
  }

  /** Resolves once the call has settled, whichever way (for `drain`); made on demand, most calls never need it. */
  get settledPromise(): Promise<void> {
    if (this.settled) return Promise.resolve();
    this.whenSettled ??= new Promise((resolve) => {
      this.markSettled = resolve;
    });
    return this.whenSettled;
  }

  /** Settles with the outcome the peer sent. */
  answer(outcome: Outcome): void {
    if (!this.finish(false)) return;
    if (outcome.ok) this.resolve(outcome.value);
    else this.reject(outcome.error);
  }

  /** Rejects: the call can no longer be answered (its socket or connection ended, its send failed). */
  fail(error: unknown): void {
    if (this.finish(false)) this.reject(error);
  }

  /** Rejects because the caller stopped waiting (timeout, abort): a late answer is expected and dropped. */
  private abandon(error: unknown): void {
    if (this.finish(true)) this.reject(error);
  }

  private finish(abandoned: boolean): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
    this.owner.forget(this, abandoned);
    this.markSettled?.();
    return true;
  }
}
