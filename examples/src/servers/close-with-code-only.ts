import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerConnection } from '@aws/server';

/**
 * Makes a server answer a client's close frame with the client's code alone, as the Swift Time and Emojis servers do
 * (they echo the first two bytes of the close payload), where `@aws/server-live` (like `ws` under it) echoes the
 * reason too and has no option for it.
 *
 * It reads the client's side of the connection as bytes, from the socket of the upgrade: frame headers only, payloads
 * skipped, nothing buffered but a partial header or a partial close frame (at most 139 bytes). When the client's close
 * frame comes, with a code and a valid reason, the connection is closed with that code first, before the server reads
 * that frame; the server then sees its closing handshake under way and sends nothing more. No private API of `ws` or
 * of the server is involved: only the socket of the upgrade and RFC 6455's framing.
 *
 * The socket is found again from the connection through a header this adds to the upgrade request (and so to
 * `connection.headers`), a random token per connection, replacing any the client sent.
 *
 * @example
 * ```ts
 * const codeOnly = new CloseWithCodeOnly()
 * http.on('upgrade', (request, socket, head) => (codeOnly.tag(request, socket), live.handleUpgrade(request, socket, head)))
 * live.register('/', { connected: (connection) => codeOnly.watch(connection) })
 * ```
 */
export class CloseWithCodeOnly {
  static readonly header = 'x-examples-socket';
  private readonly sockets = new Map<string, Duplex>();

  /** At the upgrade, before the server sees the request: remembers its socket under a token in its headers. */
  tag(request: IncomingMessage, socket: Duplex): void {
    const token = randomUUID();
    request.headers[CloseWithCodeOnly.header] = token;
    this.sockets.set(token, socket);
    socket.once('close', () => this.sockets.delete(token));
  }

  /** Once the connection is open (in its `connected` handler, before the socket has been read): watches for the
   * client's close frame. A connection whose socket is unknown keeps the server's own answer. */
  watch(connection: ServerConnection<unknown>): void {
    const token = connection.headers[CloseWithCodeOnly.header];
    const socket = token === undefined ? undefined : this.sockets.get(token);
    if (token === undefined || socket === undefined) return;
    this.sockets.delete(token);
    // A code the server may not send (1002...) is refused by close(): the server's own answer then goes out.
    watchCloseFrame(socket, (code) => void connection.close(code, '').catch(() => {}));
  }
}

interface FrameHead {
  readonly fin: boolean;
  readonly opcode: number;
  readonly mask: Uint8Array | undefined;
  readonly length: number;
  /** Where the payload starts in the buffer read. */
  readonly payloadAt: number;
}

const closeOpcode = 0x8;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The head of the frame at `at`, or undefined while it has not all arrived. */
function frameHead(data: Buffer, at: number): FrameHead | undefined {
  if (data.length - at < 2) return undefined;
  const first = data[at] as number;
  const second = data[at + 1] as number;
  const short = second & 0x7f;
  const extended = short === 126 ? 2 : short === 127 ? 8 : 0;
  const masked = (second & 0x80) !== 0;
  const headLength = 2 + extended + (masked ? 4 : 0);
  if (data.length - at < headLength) return undefined;
  const length = short === 126 ? data.readUInt16BE(at + 2) : short === 127 ? Number(data.readBigUInt64BE(at + 2)) : short;
  const maskAt = at + 2 + extended;
  return {
    fin: (first & 0x80) !== 0,
    opcode: first & 0x0f,
    mask: masked ? data.subarray(maskAt, maskAt + 4) : undefined,
    length,
    payloadAt: at + headLength,
  };
}

/** The code of a well-formed close payload that has one; undefined for an empty one (answered empty by the server)
 * or a malformed one (which the server fails with 1002 or 1007). */
function closeCode(head: FrameHead, payload: Buffer): number | undefined {
  if (!head.fin || payload.length < 2) return undefined;
  try {
    utf8.decode(payload.subarray(2));
  } catch {
    return undefined;
  }
  return payload.readUInt16BE(0);
}

/**
 * Reads the frames a client sends on `socket`, from its first byte on, and calls `onClose` with the code of its close
 * frame, before any later listener of the socket sees that frame; then stops reading. Listening does not change the
 * socket's flow: call it once the WebSocket already reads the socket, in the same turn.
 */
export function watchCloseFrame(socket: Duplex, onClose: (code: number) => void): void {
  let pending: Buffer | undefined;
  let skip = 0;
  const onData = (chunk: Buffer): void => {
    const data = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
    pending = undefined;
    let at = 0;
    for (;;) {
      if (skip > 0) {
        const skipped = Math.min(skip, data.length - at);
        skip -= skipped;
        at += skipped;
        if (skip > 0) return;
      }
      const head = frameHead(data, at);
      if (head === undefined) {
        if (at < data.length) pending = Buffer.from(data.subarray(at));
        return;
      }
      if (head.opcode !== closeOpcode) {
        at = head.payloadAt;
        skip = head.length;
        continue;
      }
      // A close frame longer than a control frame may be is the server's to refuse (1002).
      if (head.length > 125) return void socket.off('data', onData);
      if (data.length < head.payloadAt + head.length) {
        pending = Buffer.from(data.subarray(at));
        return;
      }
      socket.off('data', onData);
      const payload = Buffer.from(data.subarray(head.payloadAt, head.payloadAt + head.length));
      const mask = head.mask;
      if (mask !== undefined) for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
      const code = closeCode(head, payload);
      if (code !== undefined) onClose(code);
      return;
    }
  };
  socket.prependListener('data', onData);
}
