/**
 * What `send` does when the unacknowledged buffer is full:
 * - `'reject'`: the new message is refused with `SessionBufferFullError` (it takes no sequence number);
 * - `'wait'`: `send` waits, in order, until acknowledgements make room;
 * - `'close'`: the session ends (every unacknowledged send rejects with `SessionClosedError`, reason `'overflow'`).
 *
 * There is no `'dropOldest'`: dropping a message the peer has not acknowledged would leave a hole in the sequence,
 * and a hole is exactly what exactly-once, in-order delivery promises never to show the application.
 */
export type SessionOverflowPolicy = 'reject' | 'wait' | 'close';

/** When a session's `send` resolves: on the peer's acknowledgement (the default), or once written to a socket. */
export type ResolveOn = 'ack' | 'write';

/**
 * The bound on what a side keeps until the peer acknowledges it. Every message sent stays in it until then, so that
 * it can be sent again on the next socket; this is the session's memory cost.
 *
 * @example
 * ```ts
 * sessionService(handler, { buffer: { messages: 256, bytes: 1 << 20, overflow: 'wait' } })
 * ```
 */
export interface SessionBufferOptions {
  /** The most unacknowledged messages. @default 1024 */
  readonly messages?: number;
  /** The most unacknowledged bytes (UTF-16 code units for text, as the client's send queue counts). @default 1048576 (1 MiB) */
  readonly bytes?: number;
  /** @default 'reject' */
  readonly overflow?: SessionOverflowPolicy;
}

/**
 * The options both sides of a session share.
 *
 * @example
 * ```ts
 * openSession(client, settings, { ackDelay: 10, ackEvery: 64, resolveOn: 'ack' })
 * ```
 */
export interface SessionOptions {
  /** The unacknowledged buffer's bounds and overflow policy. */
  readonly buffer?: SessionBufferOptions;
  /** The longest (ms) a received message waits for its acknowledgement when no data message goes back to carry it.
   * @default 10 */
  readonly ackDelay?: number;
  /** Acknowledge at once after this many messages received without one. @default 64 */
  readonly ackEvery?: number;
  /** The default of every `send`: resolve on the peer's acknowledgement (`'ack'`), or once written (`'write'`, which
   * is what a plain connection does: the message may still be in flight). @default 'ack' */
  readonly resolveOn?: ResolveOn;
}

/** Options of one `send`. */
export interface SendOptions {
  /** Overrides {@link SessionOptions.resolveOn} for this message. */
  readonly resolveOn?: ResolveOn;
}

/** @internal The options with their defaults filled in. */
export interface ResolvedSessionOptions {
  readonly messages: number;
  readonly bytes: number;
  readonly overflow: SessionOverflowPolicy;
  readonly ackDelay: number;
  readonly ackEvery: number;
  readonly resolveOn: ResolveOn;
}

const positive = (name: string, value: number | undefined, fallback: number, min = 1): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) throw new RangeError(`${name} must be a number >= ${min}`);
  return value;
};

/** @internal Fills in the defaults, and throws a RangeError for an option out of range. */
export function resolveSessionOptions(options: SessionOptions = {}): ResolvedSessionOptions {
  const overflow = options.buffer?.overflow ?? 'reject';
  if (!['reject', 'wait', 'close'].includes(overflow)) throw new RangeError(`buffer.overflow must be 'reject', 'wait' or 'close'`);
  const resolveOn = options.resolveOn ?? 'ack';
  if (resolveOn !== 'ack' && resolveOn !== 'write') throw new RangeError(`resolveOn must be 'ack' or 'write'`);
  return {
    messages: positive('buffer.messages', options.buffer?.messages, 1024),
    bytes: positive('buffer.bytes', options.buffer?.bytes, 1 << 20),
    overflow,
    ackDelay: positive('ackDelay', options.ackDelay, 10, 0),
    ackEvery: positive('ackEvery', options.ackEvery, 64),
    resolveOn,
  };
}
