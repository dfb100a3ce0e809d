// The client, for any transport.
export { createClient, type ClientOptions } from './client.js';
// The transport port: what a platform's WebSocket implements.
export type { Attempt } from './attempt.js';
export type { Handshake, SocketEvents, Transport, TransportSocket } from './transport.js';
export type { DataFrame } from './send-queue.js';
export type { WaterMarks } from './pressure.js';
export type { NodeSettings, QueueBounds, ResolvedHeartbeat, ResolvedSettings } from './resolve-settings.js';
// One open socket without reconnection, as a server accepts it.
export { Peer, type Offered, type PeerSettings } from './peer.js';
export { SerialConsumer } from './serial-consumer.js';
// Checks and defaults shared with the server.
export { checkCloseArgs } from './close-args.js';
export { checkFrame } from './check-frame.js';
export { count, milliseconds, resolveReceiveBuffer, resolveSendQueue } from './resolve-settings.js';
