export type { WebSocketClient } from './client.js';
export { bindConnection, type Connection } from './connection.js';
export { CloseCode, closeCodeName, isSendableCloseCode, type CloseCodeName } from './close-code.js';
export {
  AbortedError,
  AlreadyOpenedError,
  ConnectionClosedError,
  ConnectionFailedError,
  EmptyUrlError,
  HandshakeFailedError,
  InvalidCloseCodeError,
  InvalidCloseReasonError,
  InvalidFrameError,
  InvalidSettingsError,
  UnsupportedSettingError,
  InvalidUrlError,
  MessageDroppedError,
  SendQueueFullError,
  TimedOutError,
  UnimplementedError,
  WebSocketError,
  type WebSocketClientError,
} from './errors.js';
export { Frame, type CloseInfo, type Message } from './frame.js';
export { ID } from './id.js';
export { silentLogger, type Logger } from './logger.js';
export type {
  HeartbeatOptions,
  OverflowPolicy,
  PerAttempt,
  ReconnectContext,
  ReconnectDecision,
  ReconnectOptions,
  SendQueueOptions,
} from './resilience.js';
export type { Settings, TlsOptions } from './settings.js';
export type { ConnectionStatus } from './status.js';
export {
  frameConnection,
  isConnectionNumbered,
  iterate,
  pressureOf,
  receivePressure,
  deferredStep,
  type ConnectionNumbered,
  type DeferredStep,
  type PressureSource,
  type Stream,
} from './stream.js';
export { Fifo } from './fifo.js';
export { toStream, type ObservableConstructor } from './to-stream.js';
export { parseWebSocketUrl } from './websocket-url.js';
export { StreamIterator, stepSkip, type IteratorPressure, type IteratorStep, type StreamIteratorOptions } from './stream-iterator.js';
export { testClient, unimplemented } from './unimplemented.js';
