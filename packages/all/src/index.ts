// The Node.js entry of the umbrella (the `node` export condition): everything that runs on every platform...
export * from './portable.js';
// ...the server and the client on ws...
export { createLiveServer, type LiveServer, type LiveServerOptions } from '@aws/server-live';
export { createLiveClient, type LiveClientOptions } from '@aws/client-live';
// ...and a ready client instance, on ws.
export { webSocket } from './default-client.js';
