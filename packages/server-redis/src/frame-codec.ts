import { Frame } from '@aws/client';

/** The message of a frame as Redis carries it: its kind (`t` text, `b` binary) and its payload bytes. */
export interface EncodedFrame {
  readonly kind: 't' | 'b';
  readonly payload: Buffer;
}

/** Encodes a checked message frame once, for Redis. */
export function encodeFrame(frame: Frame): EncodedFrame {
  if (frame.type !== 'message') throw new TypeError(`only message frames cross the broker, not ${frame.type}`);
  const { message } = frame;
  return message.type === 'text'
    ? { kind: 't', payload: Buffer.from(message.text, 'utf8') }
    : { kind: 'b', payload: Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength) };
}

/** The frame back from Redis; `undefined` for bytes this broker did not write. */
export function decodeFrame(kind: string, payload: Buffer): Frame | undefined {
  if (kind === 't') return Frame.text(payload.toString('utf8'));
  if (kind === 'b') return Frame.binary(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
  return undefined;
}

/**
 * A pub/sub message: one byte of kind, one byte of the origin's length, the origin (the publishing broker, which
 * already fanned it out and skips its own), then the payload.
 */
export function encodeMessage(origin: string, frame: Frame): Buffer {
  const { kind, payload } = encodeFrame(frame);
  const from = Buffer.from(origin, 'latin1');
  const header = Buffer.from([kind.charCodeAt(0), from.length]);
  return Buffer.concat([header, from, payload]);
}

/** A pub/sub message back: its origin and frame, `undefined` when malformed. */
export function decodeMessage(bytes: Buffer): { readonly origin: string; readonly frame: Frame } | undefined {
  if (bytes.length < 2) return undefined;
  const originEnd = 2 + (bytes[1] as number);
  if (bytes.length < originEnd) return undefined;
  const frame = decodeFrame(String.fromCharCode(bytes[0] as number), bytes.subarray(originEnd));
  return frame === undefined ? undefined : { origin: bytes.subarray(2, originEnd).toString('latin1'), frame };
}

/** Orders two Redis stream ids (`<ms>-<seq>`): negative when `a` came first. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

/** The entry number of a stream id of this broker (`0-<n>`). */
export const sequenceOf = (id: string): number => Number(id.slice(id.indexOf('-') + 1));

/** Whether `offset` is a stream id a client may hand back. */
export const isStreamId = (offset: string): boolean => /^\d{1,20}-\d{1,20}$/.test(offset);
