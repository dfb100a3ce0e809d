import type { WebSocketClient } from '@aws/client';
import { createClient, type ClientOptions } from '@aws/core';
import { webTransport, type WebTransportOptions } from './web-transport.js';

/** Options of {@link createWebClient}: the logger, the `WebSocket` constructor and the receive overflow policy. */
export interface WebClientOptions extends ClientOptions, WebTransportOptions {}

/**
 * Creates a {@link WebSocketClient} on the platform's WHATWG `WebSocket`: browsers, web workers, Bun, Deno,
 * Cloudflare Workers, Node 22+ (or Node 20 with undici's constructor). The same client as `createLiveClient()`:
 * statuses, typed errors, reconnection, the send queue, the application-level heartbeat; a setting the web API
 * cannot honour (headers, TLS, ping frames) is refused at `open` with `UnsupportedSettingError`.
 *
 * @example
 * ```ts
 * import { createWebClient } from '@aws/client-web'
 * import { Frame, ID } from '@aws/client'
 *
 * const client = createWebClient()
 * await using connection = await client.connect({ id: ID(), url: 'wss://example.com/chat', reconnect: true })
 * await connection.send(Frame.text('Hello'))
 * ```
 */
export function createWebClient(options: WebClientOptions = {}): WebSocketClient {
  const { logger, ...transport } = options;
  return createClient(webTransport(transport), logger === undefined ? {} : { logger });
}
