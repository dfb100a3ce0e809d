// The client, for any transport.
export { createClient, type ClientOptions } from './client.js';
// The transport port: what a platform's WebSocket implements.
export type { Attempt } from './attempt.js';
export type { Handshake, SocketEvents, Transport, TransportSocket } from './transport.js';
export type { DataFrame } from './send-queue.js';
export type { WaterMarks } from './pressure.js';
export type { NodeSettings, QueueBounds, ResolvedSettings } from './resolve-settings.js';
// The server's platform-neutral half, for the live server and the in-memory network.
export { ServiceHost, type Accepted, type Registered, type Routing } from './service-host.js';
export type { ServiceSettings } from './service-settings.js';
export type { HostedConnection, ConnectionOwner } from './hosted-connection.js';
export type { Offered, Peer, PeerSettings } from './peer.js';
// A test double for services: a client and a server joined in memory.
export { createMemoryNetwork, type MemoryNetwork } from './memory-network.js';
