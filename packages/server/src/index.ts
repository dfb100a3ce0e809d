export type { ServerConnection } from './server-connection.js';
export {
  BrokerUnavailableError,
  type Broker,
  type BrokerDelivery,
  type BrokerHistory,
  type BrokerReceipt,
  type BrokerSink,
  type Health,
  type Resumed,
  type TopicOptions,
} from './broker.js';
export type { Publication, PublishOptions, PublishResult, ServerAddress, WebSocketServer } from './server.js';
export type { CompressionOptions, Service, ServiceOptions, ServerOverflowPolicy } from './service.js';
export { accept, refuse, type Accept, type Refuse, type UpgradeDecision, type UpgradeRequest } from './upgrade.js';
