export { createLiveClient, type LiveClientOptions } from './live-client.js';
