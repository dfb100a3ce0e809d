import type { Socket } from 'node:net';
import { ConnectionFailedError, Frame, HandshakeFailedError, ID, type Frame as FrameType } from '@aws/client';
import { closePayload, rawFrame, readRequestHead, startRawWebSocketPeer, startTcpPeer, switchingProtocols } from '@aws/test-utils';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

// What a correct client does with a bad server (../shared/reference/faults.md §5 B, C, D, E, F, G): a clear close
// code or typed error, nothing partial delivered, no crash, no hang.
const client = createLiveClient();
afterEach(() => client.closeAll());

const text = 0x1;
const binary = 0x2;
const continuation = 0x0;
const close = 0x8;
const ping = 0x9;
const pong = 0xa;

/** Connects to a raw peer that writes `bytes` after the handshake, and returns every frame the client reports. */
async function framesAfter(bytes: Buffer[] | ((socket: Socket) => void)): Promise<FrameType[]> {
  await using peer = await startRawWebSocketPeer((socket) => {
    if (typeof bytes === 'function') bytes(socket);
    else for (const chunk of bytes) socket.write(chunk);
  });
  const connection = await client.connect({ id: ID(), url: peer.url, closeTimeout: 500, compression: false });
  return await lastValueFrom(connection.frames.pipe(toArray()));
}

describe('B. a bad handshake answer fails the opening with a typed error', () => {
  async function openingError(answer: (key: string) => string): Promise<unknown> {
    await using peer = await startTcpPeer(async (socket) => {
      const head = await readRequestHead(socket);
      socket.end(answer(/sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? ''));
    });
    return await client.connect({ id: ID(), url: peer.url, protocols: ['chat'], compression: false }).catch((e: unknown) => e);
  }

  it.each([
    ['200 OK', 200, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
    ['302 redirect (not followed)', 302, 'HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\nContent-Length: 0\r\n\r\n'],
    ['400', 400, 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'],
  ])('13. %s → HandshakeFailedError with the status', async (_name, status, answer) => {
    const error = await openingError(() => answer);
    expect(error).toBeInstanceOf(HandshakeFailedError);
    expect((error as HandshakeFailedError).status).toBe(status);
  });

  it.each([
    [
      '14. missing Upgrade header',
      (key: string) => switchingProtocols(key, 'Sec-WebSocket-Protocol: chat\r\n').replace('Upgrade: websocket\r\n', ''),
    ],
    ['15. a subprotocol that was not offered', (key: string) => switchingProtocols(key, 'Sec-WebSocket-Protocol: other\r\n')],
    ['15. no subprotocol although one was offered (we follow ws: fail)', (key: string) => switchingProtocols(key)],
    [
      '16. permessage-deflate that was not offered',
      (key: string) => switchingProtocols(key, 'Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate\r\n'),
    ],
  ])('%s → HandshakeFailedError', async (_name, answer) => {
    expect(await openingError(answer)).toBeInstanceOf(HandshakeFailedError);
  });

  it('18. the server closing TCP halfway through the 101 → a typed error, no hang', async () => {
    const error = await openingError(() => 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n');
    expect(error).toBeInstanceOf(ConnectionFailedError);
  });
});

describe('C, D, E. bad frames fail the connection with the RFC close code', () => {
  it.each([
    ['19. a masked frame from the server', [rawFrame(text, 'hi', { mask: true })], 1002],
    ['20. RSV1 without a negotiated extension', [rawFrame(text, 'hi', { rsv1: true })], 1002],
    ['21. a reserved opcode', [rawFrame(0x3, 'x')], 1002],
    ['25. a continuation frame with no message in progress', [rawFrame(continuation, 'x')], 1002],
    ['26. a new text frame inside a fragmented message', [rawFrame(text, 'a', { fin: false }), rawFrame(text, 'b')], 1002],
    ['28. a fragmented ping', [rawFrame(ping, 'x', { fin: false })], 1002],
    ['29. a ping with a 126-byte payload', [rawFrame(ping, new Uint8Array(126))], 1002],
    ['31. invalid UTF-8 in a text message', [rawFrame(text, new Uint8Array([0xed, 0xa0, 0x80]))], 1007],
    ['35. a close frame with a 1-byte payload', [rawFrame(close, new Uint8Array([3]))], 1002],
    ['37. a close reason that is not UTF-8', [rawFrame(close, closePayload(1000, new Uint8Array([0xc0, 0xaf])))], 1007],
  ])('%s → close %d, nothing else delivered', async (_name, bytes, code) => {
    const frames = await framesAfter(bytes as Buffer[]);
    expect(frames.filter((f) => f.type === 'message')).toEqual([]);
    expect(frames.at(-1)).toMatchObject({ type: 'close', code });
  });

  it.each([1005, 1006, 1015, 1004, 0, 999, 1016, 1100, 2000, 2999, 5000])('36. close code %d on the wire → 1002', async (wire) => {
    const frames = await framesAfter([rawFrame(close, closePayload(wire))]);
    expect(frames.at(-1)).toMatchObject({ type: 'close', code: 1002 });
  });

  it.each([1000, 1003, 1007, 1011, 1014, 3000, 4999])('36. close code %d on the wire is accepted and reported', async (wire) => {
    const frames = await framesAfter([rawFrame(close, closePayload(wire, 'bye'))]);
    expect(frames).toEqual([Frame.close(wire, 'bye')]);
  });

  it('27. a ping between fragments is delivered at once and the message completes afterwards', async () => {
    const frames = await framesAfter([
      rawFrame(text, 'Hel', { fin: false }),
      rawFrame(ping, 'p'),
      rawFrame(continuation, 'lo'),
      rawFrame(close, closePayload(1000)),
    ]);
    expect(frames.map((f) => f.type)).toEqual(['ping', 'message', 'close']);
    expect(frames[1]).toEqual(Frame.text('Hello'));
  });

  it('24 and 32. a message split at every byte, inside a code point, arrives whole', async () => {
    const bytes = Buffer.concat([rawFrame(text, 'é', { fin: false }), rawFrame(continuation, '€!'), rawFrame(close, closePayload(1000))]);
    const frames = await framesAfter((socket) => {
      for (let i = 0; i < bytes.length; i += 1) setTimeout(() => socket.write(bytes.subarray(i, i + 1)), i * 2);
    });
    expect(frames).toEqual([Frame.text('é€!'), Frame.close(1000, '')]);
  });

  it('23. a length in a longer form than needed is accepted (ws policy)', async () => {
    const frames = await framesAfter([rawFrame(binary, 'abcde', { length16: true }), rawFrame(close, closePayload(1000))]);
    expect(frames[0]).toEqual(Frame.binary(Buffer.from('abcde')));
  });

  it('30. an unsolicited pong is reported as a frame and changes nothing', async () => {
    const frames = await framesAfter([rawFrame(pong, 'hi'), rawFrame(text, 'still here'), rawFrame(close, closePayload(1000))]);
    expect(frames.map((f) => f.type)).toEqual(['pong', 'message', 'close']);
  });

  it('38. data after the peer close frame is ignored', async () => {
    const frames = await framesAfter([rawFrame(close, closePayload(1000)), rawFrame(text, 'too late')]);
    expect(frames).toEqual([Frame.close(1000, '')]);
  });
});

describe('G. limits and transport faults', () => {
  it('42. a message over maxMessageSize in many fragments → 1009', async () => {
    await using peer = await startRawWebSocketPeer((socket) => {
      for (let i = 0; i < 20; i += 1) socket.write(rawFrame(i === 0 ? binary : continuation, new Uint8Array(100), { fin: false }));
    });
    const connection = await client.connect({ id: ID(), url: peer.url, maxMessageSize: 1000, closeTimeout: 500, compression: false });
    const frames = await lastValueFrom(connection.frames.pipe(toArray()));
    expect(frames).toEqual([expect.objectContaining({ type: 'close', code: 1009 })]);
  });

  it('44. the peer dropping TCP mid-frame → no partial message, close 1006', async () => {
    const frames = await framesAfter((socket) => {
      socket.write(rawFrame(text, 'x'.repeat(1000)).subarray(0, 500));
      setTimeout(() => socket.destroy(), 20);
    });
    expect(frames).toEqual([Frame.close(1006, '')]);
  });

  it('40. both sides closing at once complete, each with the code it got', async () => {
    await using peer = await startRawWebSocketPeer((socket) => {
      socket.write(rawFrame(close, closePayload(4000, 'server')));
    });
    const connection = await client.connect({ id: ID(), url: peer.url, closeTimeout: 500, compression: false });
    const frames = lastValueFrom(connection.frames.pipe(toArray()));
    const closed = connection.close(4001, 'client').catch((e: unknown) => e);
    const result = await closed;
    expect((await frames).at(-1)).toMatchObject({ type: 'close' });
    expect(result).toMatchObject({ code: expect.any(Number) });
  });
});
