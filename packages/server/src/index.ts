export type { ServerConnection } from './server-connection.js';
export type { PublishOptions, PublishResult, ServerAddress, WebSocketServer } from './server.js';
export type { CompressionOptions, Service, ServiceOptions, ServerOverflowPolicy } from './service.js';
export { accept, refuse, type Accept, type Refuse, type UpgradeDecision, type UpgradeRequest } from './upgrade.js';
