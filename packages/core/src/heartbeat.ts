import type { Frame } from '@aws/client';

/**
 * Pings every `interval` ms and declares the connection dead when a ping has had no pong within `timeout` ms.
 * Deadlines are compared with the clock rather than trusted to timers, so when a suspended process wakes up (its
 * timers all late), the overdue pong is noticed at the first tick or the first send, not one interval later.
 */
export class Heartbeat {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pingSentAt: number | undefined;
  private nextPingAt = 0;
  private stopped = false;

  constructor(
    private readonly interval: number,
    private readonly timeout: number,
    private readonly sendPing: () => void,
    private readonly onDead: (silentFor: number) => void,
    /** How an application-level heartbeat knows its answer (a ping-frame one has none). */
    readonly isPong?: (frame: Frame) => boolean,
  ) {}

  start(): void {
    this.stopped = false;
    this.pingSentAt = undefined;
    this.nextPingAt = Date.now() + this.interval;
    this.schedule();
  }

  /** Stops judging liveness while the socket is paused on purpose (receive backpressure): its pong waits unread in
   * the kernel's buffer, and a healthy connection would be killed for it. `start` begins a fresh cycle. */
  suspend(): void {
    this.stop();
    this.pingSentAt = undefined;
  }

  /** A pong arrived: the peer is alive. */
  pong(): void {
    this.pingSentAt = undefined;
  }

  /** Checks the pong deadline now; true when the connection was found dead. */
  check(): boolean {
    if (this.stopped || this.pingSentAt === undefined) return false;
    const silentFor = Date.now() - this.pingSentAt;
    if (silentFor < this.timeout) return false;
    this.stop();
    this.onDead(silentFor);
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.timer = undefined;
    if (this.check() || this.stopped) return;
    const now = Date.now();
    if (this.pingSentAt === undefined && now >= this.nextPingAt) {
      this.pingSentAt = now;
      this.nextPingAt = now + this.interval;
      this.sendPing();
    }
    this.schedule();
  }

  private schedule(): void {
    const deadline = this.pingSentAt === undefined ? this.nextPingAt : Math.min(this.pingSentAt + this.timeout, this.nextPingAt);
    this.timer = setTimeout(() => this.tick(), Math.max(0, deadline - Date.now()));
  }
}
