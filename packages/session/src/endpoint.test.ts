import type { Message } from '@aws/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Endpoint } from './endpoint.js';
import { SessionBufferFullError, SessionClosedError, SessionLostError } from './errors.js';
import { resolveSessionOptions, type SessionOptions } from './options.js';
import { decode } from './wire.js';

const text = (value: string): Message => ({ type: 'text', text: value });

function endpoint(options: SessionOptions = {}) {
  const written: string[] = [];
  const overflowed = vi.fn();
  const side = new Endpoint(resolveSessionOptions(options), overflowed);
  const link = (message: Message): Promise<void> => {
    written.push(message.type === 'text' ? message.text : 'binary');
    return Promise.resolve();
  };
  return { side, written, link, overflowed };
}

const settle = (promise: Promise<void>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('one side of a session', () => {
  it('numbers its messages, keeps them until acknowledged, and resolves each send on its acknowledgement', async () => {
    const { side, written, link } = endpoint();
    side.attach(link, 0, 0);
    const first = settle(side.send(text('a')));
    const second = settle(side.send(text('b')));
    expect(written).toEqual(['D1.0|a', 'D2.0|b']);
    expect(side.unacknowledged).toBe(2);
    side.ack(1);
    expect(await first).toBe('resolved');
    expect(side.unacknowledged).toBe(1);
    side.ack(2);
    expect(await second).toBe('resolved');
    expect(side.ack(3)).toBe('acknowledgement 3 of messages never sent');
  });

  it('sends again after the peer received, on the next socket, and settles what the peer had', async () => {
    const { side, written, link } = endpoint();
    side.attach(link, 0, 0);
    const sends = ['a', 'b', 'c'].map((value) => settle(side.send(text(value))));
    side.detach();
    const late = settle(side.send(text('d')));
    expect(written).toHaveLength(3);
    written.length = 0;
    expect(side.attach(link, 1, 0)).toBe(3);
    expect(written).toEqual(['D2.0|b', 'D3.0|c', 'D4.0|d']);
    expect(await sends[0]).toBe('resolved');
    expect(side.attach(link, 5, 0)).toBe(-1);
    expect(side.attach(link, Number.NaN, 0)).toBe(-1);
    side.ack(4);
    expect(await Promise.all([...sends, late])).toEqual(['resolved', 'resolved', 'resolved', 'resolved']);
    expect(side.attach(link, 0, 0)).toBe(-1);
  });

  it('delivers in order once, drops duplicates, and asks once for what a gap skipped', () => {
    const { side, written, link } = endpoint();
    side.attach(link, 0, 0);
    expect(side.data(1, 0, text('a'))).toEqual(text('a'));
    expect(side.data(1, 0, text('a'))).toBeUndefined();
    expect(side.data(3, 0, text('c'))).toBeUndefined();
    expect(side.data(4, 0, text('d'))).toBeUndefined();
    expect(written.filter((w) => w.startsWith('R'))).toEqual(['R1']);
    expect(side.data(2, 0, text('b'))).toEqual(text('b'));
    expect(side.received).toBe(2);
  });

  it('acknowledges after ackDelay ms, or at once every ackEvery messages, or on its own data', () => {
    vi.useFakeTimers();
    const { side, written, link } = endpoint({ ackDelay: 10, ackEvery: 3 });
    side.attach(link, 0, 0);
    side.data(1, 0, text('a'));
    expect(written).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(written).toEqual(['A1']);
    side.data(2, 0, text('b'));
    side.data(3, 0, text('c'));
    side.data(4, 0, text('d'));
    expect(written).toEqual(['A1', 'A4']);
    side.data(5, 0, text('e'));
    void side.send(text('x')).catch(() => {});
    expect(written).toEqual(['A1', 'A4', 'D1.5|x']);
    vi.advanceTimersByTime(50);
    expect(written).toHaveLength(3);
  });

  it('acknowledges only what the application took while held, then everything on release', () => {
    vi.useFakeTimers();
    const { side, written, link } = endpoint({ ackDelay: 10, ackEvery: 2 });
    side.attach(link, 0, 0);
    side.data(1, 0, text('a'));
    side.hold();
    side.data(2, 0, text('b'));
    side.data(3, 0, text('c'));
    vi.advanceTimersByTime(20);
    void side.send(text('x')).catch(() => {});
    expect(written).toEqual(['A1', 'D1.1|x']);
    side.consumed(2);
    vi.advanceTimersByTime(20);
    expect(written).toEqual(['A1', 'D1.1|x', 'A2']);
    side.release();
    vi.advanceTimersByTime(20);
    expect(written).toEqual(['A1', 'D1.1|x', 'A2', 'A3']);
  });

  it('answers a resend request with everything after it', () => {
    const { side, written, link } = endpoint();
    side.attach(link, 0, 0);
    for (const value of ['a', 'b', 'c']) void side.send(text(value)).catch(() => {});
    written.length = 0;
    side.resend(1);
    expect(written.map((w) => decode(text(w)))).toMatchObject([{ seq: 2 }, { seq: 3 }]);
  });

  it('bounds the buffer in messages and bytes: reject, wait, close', async () => {
    const rejecting = endpoint({ buffer: { messages: 2, bytes: 10 } }).side;
    void rejecting.send(text('12345')).catch(() => {});
    expect(await settle(rejecting.send(text('123456')))).toBeInstanceOf(SessionBufferFullError);
    void rejecting.send(text('1'));
    expect(await settle(rejecting.send(text('1')))).toBeInstanceOf(SessionBufferFullError);
    expect(await settle(rejecting.send(text('x'.repeat(11))))).toBeInstanceOf(SessionBufferFullError);
    expect(rejecting.unacknowledged).toBe(2);

    const { side: waiting, written, link } = endpoint({ buffer: { messages: 1, overflow: 'wait' } });
    waiting.attach(link, 0, 0);
    const sends = ['a', 'b', 'c'].map((value) => settle(waiting.send(text(value))));
    expect(written).toEqual(['D1.0|a']);
    waiting.ack(1);
    waiting.ack(2);
    expect(written).toEqual(['D1.0|a', 'D2.0|b', 'D3.0|c']);
    waiting.ack(3);
    expect(await Promise.all(sends)).toEqual(['resolved', 'resolved', 'resolved']);

    const closing = endpoint({ buffer: { messages: 1, overflow: 'close' } });
    void closing.side.send(text('a')).catch(() => {});
    expect(await settle(closing.side.send(text('b')))).toMatchObject({ _tag: 'SessionClosedError', reason: 'overflow' });
    expect(closing.overflowed).toHaveBeenCalledTimes(1);
  });

  it('rejects every unsettled send when the session ends or is lost', async () => {
    const { side } = endpoint({ buffer: { messages: 1, overflow: 'wait' } });
    const sends = [settle(side.send(text('a'))), settle(side.send(text('b')))];
    side.reset(new SessionLostError('old'));
    expect(await Promise.all(sends)).toEqual([expect.any(SessionLostError), expect.any(SessionLostError)]);
    expect(side.received).toBe(0);
    const after = settle(side.send(text('c')));
    side.end(new SessionClosedError('s', 'closed'));
    expect(await after).toBeInstanceOf(SessionClosedError);
    expect(await settle(side.send(text('d')))).toBeInstanceOf(SessionClosedError);
  });

  it('rejects a send whose write throws, rather than throwing at its caller', async () => {
    const { side } = endpoint();
    const failure = new Error('socket gone mid-write');
    side.attach(
      () => {
        throw failure;
      },
      0,
      0,
    );
    let sent: Promise<void> | undefined;
    expect(() => {
      sent = side.send(text('a'));
    }).not.toThrow();
    expect(await settle(sent as Promise<void>)).toBe(failure);
  });

  it('writes through the void post what waits for no write (sends resolving on acknowledgement, acks, resend requests), and through the link a send that resolves on write', async () => {
    vi.useFakeTimers();
    const { side, written, link } = endpoint({ ackDelay: 10 });
    const posted: string[] = [];
    side.attach(link, 0, 0, (message) => void posted.push(message.type === 'text' ? message.text : 'binary'));
    const acknowledged = settle(side.send(text('a')));
    const onWrite = settle(side.send(text('b'), 'write'));
    expect(posted).toEqual(['D1.0|a']);
    expect(written).toEqual(['D2.0|b']);
    expect(await onWrite).toBe('resolved');
    side.data(1, 1, text('x'));
    expect(await acknowledged).toBe('resolved');
    side.data(3, 0, text('z'));
    await vi.advanceTimersByTimeAsync(10);
    expect(posted.slice(1).map((message) => decode(text(message)).kind)).toEqual(['resend', 'ack']);
    expect(written).toEqual(['D2.0|b']);
    // A socket without a void write: everything goes through the link again.
    side.detach();
    side.attach(link, 1, 1);
    expect(written).toEqual(['D2.0|b', 'D2.1|b']);
  });

  it('posts a message as it sends one: numbered in order with the sends, kept until acknowledged, written again on the next socket', async () => {
    const { side, written, link } = endpoint();
    side.attach(link, 0, 0);
    side.post(text('a'));
    const sent = settle(side.send(text('b')));
    side.post(text('c'));
    expect(written).toEqual(['D1.0|a', 'D2.0|b', 'D3.0|c']);
    expect(side.unacknowledged).toBe(3);
    side.detach();
    side.post(text('d'));
    written.length = 0;
    expect(side.attach(link, 1, 0)).toBe(3);
    expect(written).toEqual(['D2.0|b', 'D3.0|c', 'D4.0|d']);
    side.ack(4);
    expect(await sent).toBe('resolved');
    expect(side.unacknowledged).toBe(0);
  });

  it('throws from post what a send rejects with at once, and changes nothing when it does', () => {
    const rejecting = endpoint({ buffer: { messages: 1, bytes: 10 } });
    rejecting.side.post(text('a'));
    expect(() => rejecting.side.post(text('b'))).toThrow(SessionBufferFullError);
    expect(() => rejecting.side.post(text('x'.repeat(11)))).toThrow(SessionBufferFullError);
    expect(rejecting.side.unacknowledged).toBe(1);

    const waiting = endpoint({ buffer: { messages: 1, overflow: 'wait' } });
    waiting.side.attach(waiting.link, 0, 0);
    waiting.side.post(text('a'));
    waiting.side.post(text('b'));
    expect(waiting.written).toEqual(['D1.0|a']);
    waiting.side.ack(1);
    expect(waiting.written).toEqual(['D1.0|a', 'D2.0|b']);

    const closing = endpoint({ buffer: { messages: 1, overflow: 'close' } });
    closing.side.post(text('a'));
    expect(() => closing.side.post(text('b'))).toThrow(expect.objectContaining({ _tag: 'SessionClosedError', reason: 'overflow' }));
    expect(closing.overflowed).toHaveBeenCalledTimes(1);

    const ended = endpoint().side;
    ended.end(new SessionClosedError('s', 'closed'));
    expect(() => ended.post(text('a'))).toThrow(SessionClosedError);
    expect(ended.unacknowledged).toBe(0);
  });

  it('resolves on write when asked', async () => {
    const { side, link } = endpoint({ resolveOn: 'write' });
    side.attach(link, 0, 0);
    expect(await settle(side.send(text('a')))).toBe('resolved');
    expect(side.unacknowledged).toBe(1);
  });

  it('refuses options out of range', () => {
    expect(() => resolveSessionOptions({ buffer: { messages: 0 } })).toThrow(RangeError);
    expect(() => resolveSessionOptions({ ackDelay: -1 })).toThrow(RangeError);
    expect(() => resolveSessionOptions({ buffer: { overflow: 'dropOldest' as 'reject' } })).toThrow(RangeError);
    expect(() => resolveSessionOptions({ resolveOn: 'never' as 'ack' })).toThrow(RangeError);
  });
});
