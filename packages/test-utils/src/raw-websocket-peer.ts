import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { readRequestHead, startTcpPeer, type TcpPeer } from './tcp-peer.js';

const guid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Options of one raw server frame: everything a misbehaving server could get wrong. */
export interface RawFrameOptions {
  readonly fin?: boolean;
  readonly rsv1?: boolean;
  readonly mask?: boolean;
  /** Force the 16-bit length form even for short payloads (non-minimal encoding). */
  readonly length16?: boolean;
}

/** Encodes one WebSocket frame byte by byte, as a server would send it (unmasked unless asked). */
export function rawFrame(opcode: number, payload: Uint8Array | string = new Uint8Array(0), options: RawFrameOptions = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 === true ? 0x40 : 0) | opcode;
  const maskBit = options.mask === true ? 0x80 : 0;
  let header: Buffer;
  if (data.length < 126 && options.length16 !== true) header = Buffer.from([first, maskBit | data.length]);
  else if (data.length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 126, 1);
    header.writeUInt16BE(data.length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 127, 1);
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  if (options.mask !== true) return Buffer.concat([header, data]);
  const key = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(data.map((byte, i) => byte ^ (key[i % 4] as number)));
  return Buffer.concat([header, key, masked]);
}

/** A close frame payload: the code in two bytes, then the reason. */
export function closePayload(code: number, reason: Uint8Array | string = ''): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(code, 0);
  return Buffer.concat([head, typeof reason === 'string' ? Buffer.from(reason) : Buffer.from(reason)]);
}

/**
 * A WebSocket server written on raw TCP: it answers the opening handshake correctly (or with `handshake` to write
 * instead), then hands the socket to the test, which writes whatever frames, valid or not, it wants.
 */
export function startRawWebSocketPeer(
  onOpen: (socket: Socket) => void,
  handshake?: (key: string, head: string) => string,
): Promise<TcpPeer> {
  return startTcpPeer(async (socket) => {
    const head = await readRequestHead(socket);
    const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? '';
    socket.write(handshake?.(key, head) ?? switchingProtocols(key));
    socket.resume();
    onOpen(socket);
  });
}

/** The correct 101 answer to a handshake with key `key`. */
export function switchingProtocols(key: string, extraHeaders = ''): string {
  const accept = createHash('sha1')
    .update(key + guid)
    .digest('base64');
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${extraHeaders}\r\n`;
}
