import type { Broker, BrokerReceipt, Publication, Resumed, ServerConnection, TopicOptions, WebSocketServer } from '@aws/server';
import { describe, expectTypeOf, it } from 'vitest';
import { createRedisBroker, type RedisBroker } from './redis-broker.js';

describe('the Redis broker fits the server', () => {
  it('is a Broker, given to the server in its topic options', () => {
    const broker = createRedisBroker({ url: 'redis://127.0.0.1:6379', mode: 'streams' });
    expectTypeOf(broker).toEqualTypeOf<RedisBroker>();
    expectTypeOf(broker).toMatchTypeOf<Broker>();
    expectTypeOf({ broker }).toMatchTypeOf<TopicOptions>();
    expectTypeOf(broker.mode).toEqualTypeOf<'pubsub' | 'streams'>();
  });

  it('publish reports the local fan-out now and the broker later; resume says what it did', () => {
    expectTypeOf<ReturnType<WebSocketServer['publish']>>().toEqualTypeOf<Publication>();
    expectTypeOf<Publication['accepted']>().toEqualTypeOf<Promise<BrokerReceipt>>();
    expectTypeOf<ReturnType<ServerConnection['resume']>>().toEqualTypeOf<Promise<Resumed>>();
    expectTypeOf<Extract<Resumed, { type: 'resync' }>['reason']>().toEqualTypeOf<string>();
  });

  it('takes only the two modes', () => {
    // @ts-expect-error not a mode
    createRedisBroker({ mode: 'cluster' });
  });
});
