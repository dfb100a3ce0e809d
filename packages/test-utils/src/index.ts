export { activeHandles, settledHandles, waitFor, within } from './handles.js';
export { readRequestHead, startTcpPeer, type TcpPeer } from './tcp-peer.js';
export { startEchoServer, startServer, type OnConnection, type TestServer } from './ws-server.js';
export {
  createUsersProtocol,
  handleUsersConnection,
  startUsersServer,
  testUsers,
  type Count,
  type ErrorCode,
  type Event,
  type Request,
  type RequestError,
  type RequestType,
  type Response,
  type ResponseResult,
  type User,
  type UsersMessage,
  type UsersProtocol,
} from './users-server.js';
export { closePayload, rawFrame, startRawWebSocketPeer, switchingProtocols, type RawFrameOptions } from './raw-websocket-peer.js';
export { ensureDebianPackages, installTimeoutMs, type DebianPackage } from './debian-packages.js';
export { ensureRedisServer, redisServerPath, startRedisServer, type TestRedis, type TestRedisOptions } from './redis-server.js';
export { startContractServer, type ContractServer, type HttpHandler } from './contract-server.js';
export { startFloodServer, type FloodServer } from './flood-server.js';
