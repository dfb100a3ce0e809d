import type { WebSocketClient } from '@aws/client';
import { createLiveClient } from '@aws/client-live';

/**
 * A ready live client for quick prototypes and scripts, the `AsyncWebSocketClient.default` of the Swift library.
 * Libraries and apps that want to test their code should take a {@link WebSocketClient} as a parameter instead.
 *
 * @example
 * ```ts
 * import { webSocket, ID, Frame } from '@aws/all'
 * const connection = await webSocket.connect({ id: ID(), url: 'ws://localhost:8888' })
 * await connection.send(Frame.text('Hello'))
 * ```
 */
export const webSocket: WebSocketClient = createLiveClient();
