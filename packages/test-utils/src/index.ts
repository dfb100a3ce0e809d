export { activeHandles, settledHandles, waitFor } from './handles.js';
export { readRequestHead, startTcpPeer, type TcpPeer } from './tcp-peer.js';
export { startEchoServer, startServer, type OnConnection, type TestServer } from './ws-server.js';
