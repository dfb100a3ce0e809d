export {
  codableClient,
  type CodableAnswer,
  type CodableClient,
  type CodableClientOptions,
  type CodableSubscription,
} from './codable-client.js';
export { codableEnvelope, type CodableEnvelopeOptions } from './codable-envelope.js';
export { codableServerCodec, type CodableServerCodecOptions } from './codable-server-codec.js';
export type { CallId, ClientCodec, Incoming, Outcome } from './codec.js';
export { HandlerError, ProtocolError, RemoteError } from './errors.js';
export {
  isJsonRpcError,
  jsonRpc,
  JsonRpcErrorCode,
  jsonRpcUnsubscribe,
  type JsonRpcCall,
  type JsonRpcErrorObject,
  type JsonRpcNotification,
  type JsonRpcOptions,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './json-rpc.js';
export type {
  ApiOf,
  EventOf,
  JsonRpcApi,
  JsonRpcMethod,
  JsonRpcSchemas,
  JsonRpcSubscription,
  MethodName,
  MethodSchemas,
  RequestOf,
  ResultOf,
  SubscriptionName,
  SubscriptionSchemas,
} from './json-rpc-api.js';
export { jsonRpcClient, type BatchItem, type BatchResults, type JsonRpcClient, type JsonRpcClientOptions } from './json-rpc-client.js';
export { jsonRpcServerCodec, jsonRpcService, type JsonRpcHandlers, type JsonRpcServiceOptions } from './json-rpc-server.js';
export { RpcClient, type CallOptions, type RpcClientOptions } from './rpc-client.js';
export { rpcService, type Handler, type HandlerContext, type RpcServiceOptions } from './rpc-service.js';
export type { ServerCall, ServerCodec, ServerMessage, ServerRefusal } from './server-codec.js';
export type { SubscriptionSpec } from './shared-subscription.js';
