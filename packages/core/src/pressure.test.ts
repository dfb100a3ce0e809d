import { describe, expect, it } from 'vitest';
import { Pressure } from './pressure.js';

const marks = { highMessages: 4, highBytes: 100, lowMessages: 2, lowBytes: 50 };

/** A pressure on `marks` and the pauses (true) and resumes (false) it asked for. */
function recorded(): { pressure: Pressure; changes: boolean[] } {
  const changes: boolean[] = [];
  return { pressure: new Pressure(marks, { pressureChanged: (paused) => changes.push(paused) }), changes };
}

describe('Pressure', () => {
  it('pauses when a buffer reaches its high mark in messages or in bytes, and only then', () => {
    const { pressure, changes } = recorded();
    const buffer = {};
    pressure.update(buffer, 3, 99);
    expect(changes).toEqual([]);
    pressure.update(buffer, 4, 0);
    expect(changes).toEqual([true]);
    expect(pressure.paused).toBe(true);

    const other = recorded();
    other.pressure.update(buffer, 1, 100);
    expect(other.changes).toEqual([true]);
  });

  it('resumes only once the buffer is at its low mark in messages and in bytes', () => {
    const { pressure, changes } = recorded();
    const buffer = {};
    pressure.update(buffer, 4, 100);
    pressure.update(buffer, 3, 10);
    pressure.update(buffer, 2, 51);
    expect(changes).toEqual([true]);
    pressure.update(buffer, 2, 50);
    expect(changes).toEqual([true, false]);
    expect(pressure.paused).toBe(false);
  });

  it('stays paused while any buffer is over, and tells once per change', () => {
    const { pressure, changes } = recorded();
    const backlog = {};
    const loop = {};
    pressure.update(backlog, 5, 0);
    pressure.update(loop, 6, 0);
    pressure.update(backlog, 6, 0);
    pressure.update(backlog, 0, 0);
    expect(changes).toEqual([true]);
    pressure.release(loop);
    expect(changes).toEqual([true, false]);
    pressure.release(loop);
    expect(changes).toEqual([true, false]);
  });
});
