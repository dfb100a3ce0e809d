export { createLiveClient, type LiveClientOptions } from './live-client.js';
export { adoptWebSocket, OwnedWebSocket, wsTransport } from './ws-transport.js';
