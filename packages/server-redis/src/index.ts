export { createRedisBroker, type RedisBroker } from './redis-broker.js';
export type { RedisBrokerOptions } from './redis-link.js';
