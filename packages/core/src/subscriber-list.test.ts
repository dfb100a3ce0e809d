import { describe, expect, it } from 'vitest';
import {
  completeAll,
  deliver,
  Membership,
  noSubscribers,
  subscriberCount,
  withoutSubscriber,
  withSubscriber,
  type Sink,
  type SubscriberList,
} from './subscriber-list.js';

function recorder(name: string, log: string[]): Sink<number> {
  return { next: (value) => log.push(`${name}:${value}`), complete: () => log.push(`${name}:done`) };
}

describe('SubscriberList', () => {
  it('holds one subscriber without an array, several in an array, and none as the shared empty list', () => {
    const log: string[] = [];
    const a = recorder('a', log);
    const b = recorder('b', log);
    let list: SubscriberList<number> = withSubscriber(noSubscribers, a);
    expect(list).toBe(a);
    list = withSubscriber(list, b);
    expect(list).toEqual([a, b]);
    expect(subscriberCount(list)).toBe(2);
    deliver(list, 1);
    list = withoutSubscriber(list, a);
    expect(list).toBe(b);
    deliver(list, 2);
    list = withoutSubscriber(list, b);
    expect(list).toBe(noSubscribers);
    expect(subscriberCount(list)).toBe(0);
    deliver(list, 3);
    expect(log).toEqual(['a:1', 'b:1', 'b:2']);
  });

  it('removing a subscriber that is not there changes nothing', () => {
    const log: string[] = [];
    const a = recorder('a', log);
    expect(withoutSubscriber(a, recorder('x', log))).toBe(a);
    const both = withSubscriber(a, recorder('b', log));
    expect(subscriberCount(withoutSubscriber(both, recorder('x', log)))).toBe(2);
  });

  it('a delivery reaches the list it read, even when a subscriber leaves from inside its next', () => {
    const log: string[] = [];
    let list: SubscriberList<number> = noSubscribers;
    const b = recorder('b', log);
    const a: Sink<number> = {
      next: (value) => {
        log.push(`a:${value}`);
        list = withoutSubscriber(list, b);
      },
      complete: () => log.push('a:done'),
    };
    list = withSubscriber(withSubscriber(list, a), b);
    deliver(list, 1);
    deliver(list, 2);
    expect(log).toEqual(['a:1', 'b:1', 'a:2']);
  });

  it('completes one or many', () => {
    const log: string[] = [];
    completeAll(recorder('a', log));
    completeAll(withSubscriber(recorder('b', log), recorder('c', log)));
    expect(log).toEqual(['a:done', 'b:done', 'c:done']);
  });

  it('a Membership releases its sink from its stream when unsubscribed', () => {
    const released: Sink<number>[] = [];
    const sink = recorder('a', []);
    new Membership({ release: (gone: Sink<number>) => released.push(gone) }, sink).unsubscribe();
    expect(released).toEqual([sink]);
  });
});
