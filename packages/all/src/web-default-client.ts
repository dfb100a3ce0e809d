import type { WebSocketClient } from '@aws/client';
import { createWebClient } from '@aws/client-web';

/**
 * A ready client for quick prototypes and scripts: on the platform's WebSocket in browsers, Bun, Deno and workers
 * (this module), on `ws` in Node.js (`default-client.ts`), chosen by the export conditions of the
 * package, so a bundle for the browser never contains `ws`.
 *
 * @example
 * ```ts
 * import { webSocket, ID, Frame } from '@aws/all'
 * const connection = await webSocket.connect({ id: ID(), url: 'wss://example.com/chat' })
 * await connection.send(Frame.text('Hello'))
 * ```
 */
export const webSocket: WebSocketClient = createWebClient();
