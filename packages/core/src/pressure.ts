/** High and low water marks of a receive buffer, in frames and in bytes. */
export interface WaterMarks {
  readonly highMessages: number;
  readonly highBytes: number;
  readonly lowMessages: number;
  readonly lowBytes: number;
}

/** Told when the socket should stop reading, and when it may read again. */
export interface PressureListener {
  pressureChanged(paused: boolean): void;
}

/**
 * Tracks which buffers of a connection are over their high water mark, and pauses the socket while any is: each
 * buffer (the backlog, each `for await` consumer) reports its size, and goes back under only below the low mark, so
 * the socket does not flap between paused and flowing.
 */
export class Pressure {
  /** The buffers over their high mark; made on first need (idle memory counts). */
  private over: Set<object> | undefined;

  constructor(
    readonly marks: WaterMarks,
    private readonly listener: PressureListener,
  ) {}

  get paused(): boolean {
    return this.over !== undefined && this.over.size > 0;
  }

  update(buffer: object, messages: number, bytes: number): void {
    const { highMessages, highBytes, lowMessages, lowBytes } = this.marks;
    if (this.over?.has(buffer) !== true) {
      if (messages < highMessages && bytes < highBytes) return;
      this.over ??= new Set();
      this.over.add(buffer);
      if (this.over.size === 1) this.listener.pressureChanged(true);
    } else if (messages <= lowMessages && bytes <= lowBytes) {
      this.release(buffer);
    }
  }

  release(buffer: object): void {
    if (this.over?.delete(buffer) === true && this.over.size === 0) this.listener.pressureChanged(false);
  }
}
