import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.js';

describe('Fifo', () => {
  it('gives the items back in order, peeks without taking, and is empty after', () => {
    const queue = new Fifo<number>();
    for (const item of [1, 2, 3]) queue.push(item);
    expect([queue.peek(), queue.at(2), queue.length]).toEqual([1, 3, 3]);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([1, 2, 3, undefined]);
    expect(queue.length).toBe(0);
  });

  it('keeps its order across compactions of a long queue that never quite drains', () => {
    const queue = new Fifo<number>();
    const taken: number[] = [];
    let next = 0;
    for (let round = 0; round < 5_000; round += 1) {
      queue.push(next++);
      queue.push(next++);
      taken.push(queue.shift() as number);
    }
    expect(taken).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(queue.length).toBe(5_000);
    expect(queue.drain()).toEqual(Array.from({ length: 5_000 }, (_, i) => 5_000 + i));
    expect(queue.length).toBe(0);
  });

  it('lets go of a taken item: the array holds no reference to it', () => {
    const queue = new Fifo<object>();
    const first = {};
    queue.push(first);
    queue.push({});
    queue.shift();
    expect((queue as unknown as { items: unknown[] }).items.includes(first)).toBe(false);
  });
});
