import type { WebSocketClient } from '@aws/client';
import { createClient, type ClientOptions } from '@aws/core';
import { wsTransport } from './ws-transport.js';

/** Options of {@link createLiveClient}. */
export type LiveClientOptions = ClientOptions;

/**
 * Creates a {@link WebSocketClient} on `ws`, for Node.js. It holds any number of connections keyed by id.
 *
 * @example
 * ```ts
 * import { createLiveClient } from '@aws/client-live'
 * import { Frame, ID } from '@aws/client'
 *
 * const client = createLiveClient()
 * await using connection = await client.connect({ id: ID(), url: 'ws://localhost:8888' })
 * await connection.send(Frame.text('Hello'))
 * ```
 */
export function createLiveClient(options: LiveClientOptions = {}): WebSocketClient {
  return createClient(wsTransport, options);
}
