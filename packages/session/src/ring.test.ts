import { describe, expect, it } from 'vitest';
import { Ring } from './ring.js';

describe('a ring queue', () => {
  it('takes items out in the order they went in, across growth and wrap-around', () => {
    const ring = new Ring<number>();
    const expected: number[] = [];
    let next = 0;
    // Wrap around a few times with a few items in, then grow past its first size while wrapped.
    for (let round = 0; round < 40; round += 1) {
      for (let i = 0; i < 3; i += 1) {
        ring.push(next);
        expected.push(next);
        next += 1;
      }
      expect(ring.shift()).toBe(expected.shift());
      expect(ring.shift()).toBe(expected.shift());
    }
    expect(ring.length).toBe(expected.length);
    expect([...Array(ring.length).keys()].map((i) => ring.at(i))).toEqual(expected);
    expect(ring.peek()).toBe(expected[0]);
    expect(ring.at(-1)).toBeUndefined();
    expect(ring.at(ring.length)).toBeUndefined();
    expect(ring.drain()).toEqual(expected);
    expect(ring.length).toBe(0);
    expect(ring.shift()).toBeUndefined();
    expect(ring.peek()).toBeUndefined();
  });

  it('lets a taken item go: its slot no longer holds it', () => {
    const ring = new Ring<object>();
    const item = {};
    ring.push(item);
    ring.shift();
    // An empty ring's at(0) is undefined whatever its slot holds: only the (private) slots can tell.
    expect((ring as unknown as { slots: unknown[] }).slots).not.toContain(item);
  });
});
