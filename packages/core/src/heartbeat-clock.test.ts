import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from './heartbeat.js';

describe('Heartbeat deadlines (fake clock)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function heartbeat(interval: number, timeout: number) {
    const events: string[] = [];
    const beat = new Heartbeat(
      interval,
      timeout,
      () => events.push('ping'),
      (silentFor) => events.push(`dead after ${silentFor}`),
    );
    return { beat, events };
  }

  it('pings every interval while pongs come back', () => {
    const { beat, events } = heartbeat(1000, 500);
    beat.start();
    for (let i = 0; i < 3; i += 1) {
      vi.advanceTimersByTime(1000);
      beat.pong();
    }
    expect(events).toEqual(['ping', 'ping', 'ping']);
    beat.stop();
  });

  it('declares the connection dead when a ping has no pong within the timeout', () => {
    const { beat, events } = heartbeat(1000, 500);
    beat.start();
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(499);
    expect(events).toEqual(['ping']);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['ping', 'dead after 500']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('notices at once, on check(), an overdue pong after the process was suspended', () => {
    const { beat, events } = heartbeat(1000, 500);
    beat.start();
    vi.advanceTimersByTime(1000);
    // The process sleeps for a minute: the clock jumps, no timer has had a chance to run.
    vi.setSystemTime(Date.now() + 60_000);
    expect(beat.check()).toBe(true);
    expect(events).toEqual(['ping', 'dead after 60000']);
  });

  it('leaves no timer after stop', () => {
    const { beat } = heartbeat(1000, 500);
    beat.start();
    beat.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
