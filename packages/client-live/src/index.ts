export { createLiveClient, type LiveClientOptions } from './live-client.js';
export { adoptWebSocket, wsTransport } from './ws-transport.js';
