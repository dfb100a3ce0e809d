import { InvalidSettingsError } from '@aws/client';
import type { Broker } from '@aws/server';
import { PubSubBroker } from './pubsub-broker.js';
import { type RedisBrokerOptions, resolveOptions } from './redis-link.js';
import { StreamsBroker } from './streams-broker.js';

/** A {@link Broker} on Redis, with what an operator and a test need besides. */
export interface RedisBroker extends Broker {
  readonly mode: 'pubsub' | 'streams';
  /** Resolves once the broker delivers (both connections up, its probe back), or rejects after `timeout` ms.
   * @default timeout 10000 */
  healthy(timeout?: number): Promise<void>;
  /** The topics it subscribes to in Redis now (those with local subscribers). */
  readonly subscribed: ReadonlySet<string>;
}

/**
 * Creates a broker that carries a server's topics across processes on Redis (node-redis), for
 * `createLiveServer({ topics: { broker } })`. `'pubsub'` (the default) is at most once and the fastest; `'streams'`
 * keeps each topic in a bounded stream: ordered, every frame with its offset, and `connection.resume(topic, offset)`
 * replays what a reconnecting client missed. While Redis is unreachable publishes reject with
 * `BrokerUnavailableError` and `server.health()` is false; it reconnects with backoff and resubscribes every topic
 * with local subscribers. The server that is given the broker connects it and closes it.
 *
 * @example
 * ```ts
 * const broker = createRedisBroker({ url: 'redis://127.0.0.1:6379', mode: 'streams', maxLength: 10_000 })
 * const server = createLiveServer({ topics: { broker } })
 * ```
 */
export function createRedisBroker(options: RedisBrokerOptions = {}): RedisBroker {
  const resolved = resolveOptions(options);
  const mode = options.mode ?? 'pubsub';
  if (mode === 'streams') return new StreamsBroker(resolved);
  if (mode === 'pubsub') return new PubSubBroker(resolved);
  throw new InvalidSettingsError('mode', mode, "'pubsub' or 'streams'");
}
