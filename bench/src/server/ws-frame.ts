import { createHash } from 'node:crypto';

/** The opcodes this server reads and writes (RFC 6455 §5.2). */
export const Opcode = { text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

const handshakeGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key (RFC 6455 §4.2.2). */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + handshakeGuid)
    .digest('base64');
}

/** One complete frame as a server writes it: final, unmasked (servers never mask, §5.1). */
export function serverFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, header);
  return frame;
}

/** A frame a client sent, unmasked. */
export interface ClientFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/**
 * Reads the masked frames a client sends, across TCP chunk boundaries. Only what the benchmark clients send is
 * supported: small unfragmented messages, pings and close frames, so payloads over 2^32 bytes are not handled.
 */
export class ClientFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds a chunk and returns every frame it completes. */
  push(chunk: Buffer): ClientFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: ClientFrame[] = [];
    for (let frame = this.next(); frame !== undefined; frame = this.next()) frames.push(frame);
    return frames;
  }

  private next(): ClientFrame | undefined {
    const buffer = this.pending;
    if (buffer.length < 2) return undefined;
    const short = (buffer[1] as number) & 0x7f;
    const extra = short === 126 ? 2 : short === 127 ? 8 : 0;
    const maskAt = 2 + extra;
    if (buffer.length < maskAt + 4) return undefined;
    const length = short === 126 ? buffer.readUInt16BE(2) : short === 127 ? buffer.readUInt32BE(6) : short;
    const start = maskAt + 4;
    if (buffer.length < start + length) return undefined;
    const payload = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i += 1) payload[i] = (buffer[start + i] as number) ^ (buffer[maskAt + (i & 3)] as number);
    this.pending = buffer.subarray(start + length);
    return { opcode: (buffer[0] as number) & 0x0f, payload };
  }
}
