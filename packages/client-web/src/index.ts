/**
 * `@aws/client-web`: the WebSocket client on the platform's WHATWG `WebSocket`.
 *
 * @module
 */
export { createWebClient, type WebClientOptions } from './web-client.js';
export { webTransport, type WebTransportOptions } from './web-transport.js';
export type { ReceiveOverflow } from './web-socket-adapter.js';
export type { WebSocketConstructor, WebSocketLike } from './web-socket-api.js';
export type { WebSocketStreamConstructor, WebSocketStreamLike } from './web-socket-stream-adapter.js';
export type { WebSocketStreamSockets } from './web-socket-stream.js';
