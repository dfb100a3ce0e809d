import { PassThrough } from 'node:stream';
import { closePayload, rawFrame } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { anyFreePort, useServer } from '../testing/server-fixture.js';
import { connectPeer } from '../testing/ws-peer.js';
import { watchCloseFrame } from './close-with-code-only.js';
import { startEchoServer } from './echo.js';
import { startTimeServer } from './time.js';

/** Feeds the bytes to a watched socket in chunks of `size` bytes and says which close codes it reported. */
function watch(bytes: Buffer, size: number): number[] {
  const socket = new PassThrough();
  const codes: number[] = [];
  watchCloseFrame(socket, (code) => codes.push(code));
  // The WebSocket's own reader, which the watcher must not disturb.
  socket.on('data', () => {});
  for (let at = 0; at < bytes.length; at += size) socket.emit('data', bytes.subarray(at, at + size));
  return codes;
}

describe('watchCloseFrame', () => {
  const frames = Buffer.concat([
    rawFrame(0x1, 'hello', { mask: true }),
    rawFrame(0x2, new Uint8Array(70_000), { mask: true }),
    rawFrame(0x9, 'ping', { mask: true }),
    rawFrame(0x2, new Uint8Array(300), { mask: true }),
    rawFrame(0x8, closePayload(4002, 'a reason'), { mask: true }),
  ]);

  it.each([1, 2, 7, 1024, frames.length])(
    'finds the code of the close frame after data frames of every length, in chunks of %i bytes',
    (size) => {
      expect(watch(frames, size)).toEqual([4002]);
    },
  );

  it('reports nothing for an empty close (answered empty), a close of one byte or an invalid reason', () => {
    expect(watch(rawFrame(0x8, new Uint8Array(0), { mask: true }), 3)).toEqual([]);
    expect(watch(rawFrame(0x8, new Uint8Array([3]), { mask: true }), 3)).toEqual([]);
    expect(watch(rawFrame(0x8, new Uint8Array([0x03, 0xe8, 0xc3, 0x28]), { mask: true }), 3)).toEqual([]);
  });

  it('stops after the close frame', () => {
    const twice = Buffer.concat([
      rawFrame(0x8, closePayload(1000, ''), { mask: true }),
      rawFrame(0x8, closePayload(4000, ''), { mask: true }),
    ]);
    expect(watch(twice, 5)).toEqual([1000]);
  });
});

describe('a server that answers a close with its code alone', () => {
  const running = useServer((log) => startTimeServer(anyFreePort, log));

  it('still does after the client has sent large messages right before its close', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    peer.socket.send(Buffer.alloc(200_000), { binary: true });
    peer.socket.send('x'.repeat(70_000));
    peer.socket.close(4003, 'not repeated');
    const closes = (await peer.drain(300)).filter((item) => item.type === 'close');
    expect(closes).toEqual([{ type: 'close', code: 4003, reason: '' }]);
    expect(running.logged).toEqual(['[Received binary] 200000 bytes', `[Received text] ${'x'.repeat(70_000)}`]);
  });
});

describe('a server that does not', () => {
  const running = useServer((log) => startEchoServer(anyFreePort, log));

  it('echoes the reason too', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.close(4003, 'repeated');
    expect(await peer.next()).toEqual({ type: 'close', code: 4003, reason: 'repeated' });
  });
});
