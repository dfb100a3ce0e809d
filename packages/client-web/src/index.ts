export { createWebClient, type WebClientOptions } from './web-client.js';
export { webTransport, type WebTransportOptions } from './web-transport.js';
export type { ReceiveOverflow } from './web-socket-adapter.js';
export type { WebSocketConstructor, WebSocketLike } from './web-socket-api.js';
export type { WebSocketStreamConstructor, WebSocketStreamLike } from './web-socket-stream-adapter.js';
