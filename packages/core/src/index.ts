export type { Attempt } from './attempt.js';
export { checkFrame } from './check-frame.js';
export { checkHeaders, checkProtocols } from './check-handshake.js';
export { createClient, type ClientOptions } from './client.js';
export { SupervisedConnection } from './connection-handle.js';
export type { WaterMarks } from './pressure.js';
export { resolveSettings, type NodeSettings, type QueueBounds, type ResolvedSettings } from './resolve-settings.js';
export type { DataFrame } from './send-queue.js';
export type { Handshake, SocketEvents, Transport, TransportSocket } from './transport.js';
