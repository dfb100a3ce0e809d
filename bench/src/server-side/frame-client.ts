/**
 * The load generator's WebSocket client, written by hand on `node:net` so that it costs the measured servers as
 * little as possible: the frames it sends are masked once and written again and again, and what it receives is only
 * counted (frame headers parsed, payloads skipped), never decoded. It is the mirror image of the client benchmark's
 * frame server (`server/frame-server.ts`), which keeps the clients the bottleneck; here the servers are.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { tickJson } from '../payload.js';

export const Opcode = { text: 0x1, binary: 0x2, close: 0x8 } as const;

/** One complete frame as a client writes it: final, masked with a random key (RFC 6455 §5.3). */
export function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const header = 2 + lengthBytes + 4;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) {
    frame[1] = 0x80 | length;
  } else if (length < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  // A key of four zero bytes would let `ws` skip unmasking: real clients never send one.
  let mask = randomBytes(4);
  while (mask.readUInt32BE(0) === 0) mask = randomBytes(4);
  mask.copy(frame, 2 + lengthBytes);
  for (let i = 0; i < length; i += 1) frame[header + i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return frame;
}

/** `count` masked text frames of consecutive ticks of `size` bytes, concatenated: one write carries them all. */
export function tickFrames(size: number, count: number, firstSeq = 1): Buffer {
  const frames: Buffer[] = [];
  for (let seq = firstSeq; seq < firstSeq + count; seq += 1) frames.push(maskedFrame(Opcode.text, Buffer.from(tickJson(seq, size))));
  return Buffer.concat(frames);
}

/** The size on the wire of an unmasked (server) frame of `payload` bytes. */
export function serverFrameBytes(payload: number): number {
  return payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);
}

/**
 * Counts the data frames a server sends, across TCP chunk boundaries, without copying a payload: only the 2 to 10
 * header bytes of each frame are looked at.
 */
export class FrameCounter {
  /** Complete text and binary frames so far. */
  frames = 0;
  private skip = 0;
  private counting = false;
  private readonly header = Buffer.alloc(14);
  private have = 0;

  push(chunk: Buffer): void {
    const end = chunk.length;
    let at = 0;
    while (at < end) {
      if (this.skip > 0) {
        const take = Math.min(this.skip, end - at);
        this.skip -= take;
        at += take;
        if (this.skip === 0 && this.counting) this.frames += 1;
        continue;
      }
      this.header[this.have++] = chunk[at++] as number;
      if (this.have < 2) continue;
      const second = this.header[1] as number;
      const short = second & 0x7f;
      const need = 2 + (short === 126 ? 2 : short === 127 ? 8 : 0) + (second & 0x80 ? 4 : 0);
      if (this.have < need) continue;
      const length = short === 126 ? this.header.readUInt16BE(2) : short === 127 ? Number(this.header.readBigUInt64BE(2)) : short;
      const opcode = (this.header[0] as number) & 0x0f;
      this.counting = opcode === Opcode.text || opcode === Opcode.binary;
      this.have = 0;
      if (length > 0) this.skip = length;
      else if (this.counting) this.frames += 1;
    }
  }
}

const key = randomBytes(16).toString('base64');

/**
 * Opens a TCP connection and does the opening handshake by hand. Resolves with the socket once the server answered
 * 101, and whatever bytes came after the answer's head (frames the server sent at once).
 */
export function openSocket(port: number, path: string, host = '127.0.0.1'): Promise<{ socket: Socket; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host, noDelay: true });
    let head: Buffer = Buffer.alloc(0);
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('close', onClose);
      const status = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      if (!/^HTTP\/1\.1 101 /.test(status)) return fail(new Error(`${path}: the server answered ${status}`));
      resolve({ socket, rest: head.subarray(end + 4) });
    };
    const onClose = (): void => fail(new Error(`${path}: closed during the handshake`));
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('close', onClose);
    socket.once('connect', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
  });
}
