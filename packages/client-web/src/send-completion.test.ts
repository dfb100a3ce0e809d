import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendCompletion } from './send-completion.js';
import type { WebSocketLike } from './web-socket-api.js';

/** A socket whose bufferedAmount the test drains by hand, as a network would. */
function fakeSocket(): WebSocketLike & { drain(bytes: number): void } {
  let buffered = 0;
  return {
    readyState: 1,
    get bufferedAmount() {
      return buffered;
    },
    protocol: '',
    extensions: '',
    binaryType: 'arraybuffer',
    send(data) {
      buffered += typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength;
    },
    close() {},
    addEventListener() {},
    removeEventListener() {},
    drain(bytes) {
      buffered = Math.max(0, buffered - bytes);
    },
  };
}

describe('send completion from bufferedAmount', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('completes each message, in order, once the bytes queued before and with it have left the buffer', () => {
    const socket = fakeSocket();
    const completion = new SendCompletion(socket);
    const done: string[] = [];
    completion.send('aaaa', () => done.push('a'));
    completion.send('bbbb', () => done.push('b'));
    completion.send('cc', () => done.push('c'));
    vi.advanceTimersByTime(100);
    expect(done).toEqual([]);
    socket.drain(5);
    vi.advanceTimersByTime(100);
    expect(done).toEqual(['a']);
    socket.drain(3);
    vi.advanceTimersByTime(100);
    expect(done).toEqual(['a', 'b']);
    socket.drain(2);
    vi.advanceTimersByTime(100);
    expect(done).toEqual(['a', 'b', 'c']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('polls less often while the buffer drains slowly (at most every 32 ms)', () => {
    const socket = fakeSocket();
    const completion = new SendCompletion(socket);
    completion.send('x'.repeat(100), () => {});
    vi.advanceTimersByTime(1_000);
    // 0, 1, 2, 4, 8, 16, then every 32 ms: about 36 reads in a second, not a busy loop.
    expect(vi.getTimerCount()).toBe(1);
    completion.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('completes at stop what had left the buffer, and forgets the rest', () => {
    const socket = fakeSocket();
    const completion = new SendCompletion(socket);
    const done: string[] = [];
    completion.send('aa', () => done.push('a'));
    completion.send('bb', () => done.push('b'));
    socket.drain(2);
    completion.stop();
    expect(done).toEqual(['a']);
    vi.advanceTimersByTime(100);
    expect(done).toEqual(['a']);
  });
});
