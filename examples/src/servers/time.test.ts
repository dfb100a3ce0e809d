import { describe, expect, it } from 'vitest';
import { connectPeer } from '../testing/ws-peer.js';
import { anyFreePort, useServer } from '../testing/server-fixture.js';
import { formatServerDate, startTimeServer } from './time.js';

const dateLine = /^Current Server Date: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+0000$/;

describe('formatServerDate', () => {
  it('writes the date in UTC as Foundation describes a Date', () => {
    expect(formatServerDate(new Date('2024-11-28T19:13:07.654Z'))).toBe('2024-11-28 19:13:07 +0000');
  });
});

describe('Time server', () => {
  const running = useServer((log) => startTimeServer(anyFreePort, log));

  it('tells the time at once on connect, then again about a second later', async () => {
    const before = Date.now();
    await using peer = await connectPeer(running.server.url);
    const first = await peer.nextText(2_000);
    const second = await peer.nextText(5_000);
    const elapsed = Date.now() - before;

    const [, firstDate] = dateLine.exec(first) ?? [];
    expect(firstDate, first).toBeDefined();
    expect(dateLine.test(second), second).toBe(true);
    expect(Math.abs(Date.parse(`${firstDate?.replace(' ', 'T')}Z`) - before)).toBeLessThan(5_000);
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });

  it('only logs what the client sends, and answers no message', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    peer.socket.send('Hello');
    peer.socket.send(Buffer.from('Hello'), { binary: true });
    const next = await peer.nextText(5_000);
    expect(next).toMatch(dateLine);
    expect(running.logged).toEqual(['[Received text] Hello', '[Received binary] 5 bytes']);
  });

  it('answers a close frame with its code alone', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    peer.socket.close(4002, 'a reason the server does not repeat');
    const received = (await peer.drain(300)).filter((item) => item.type === 'close');
    expect(received).toEqual([{ type: 'close', code: 4002, reason: '' }]);
  });

  it('answers a close frame without code with an empty close', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.close();
    const received = (await peer.drain(300)).filter((item) => item.type === 'close');
    expect(received).toEqual([{ type: 'close', code: 1005, reason: '' }]);
  });
});
