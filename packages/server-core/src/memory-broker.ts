import type { Broker } from '@aws/server';

/**
 * The broker of a server alone in its process, the default: the server fans its publishes out itself, nothing
 * crosses a process, nothing is kept (a `resume` with an offset answers `resync`), and it is always healthy.
 *
 * @example
 * ```ts
 * const server = createLiveServer({ topics: { broker: createMemoryBroker() } }) // the same as no broker
 * ```
 */
export function createMemoryBroker(): Broker {
  return {
    loopback: false,
    start: () => {},
    publish: () => Promise.resolve({}),
    subscribe: () => Promise.resolve(undefined),
    unsubscribe: () => {},
    history: () => Promise.resolve({ type: 'resync', reason: 'the in-memory broker keeps no history' }),
    compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    health: () => ({ ok: true }),
    accepting: () => true,
    close: () => Promise.resolve(),
  };
}
