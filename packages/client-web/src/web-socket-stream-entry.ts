/**
 * `@aws/client-web/web-socket-stream`: the client's sockets on a `WebSocketStream`, opted into with
 * `createWebClient({ WebSocketStream: webSocketStream() })`.
 *
 * @module web-socket-stream
 */
export { webSocketStream, type WebSocketStreamSockets } from './web-socket-stream.js';
export type { WebSocketStreamConstructor, WebSocketStreamLike } from './web-socket-stream-adapter.js';
export type { AdapterLimits } from './web-socket-adapter.js';
