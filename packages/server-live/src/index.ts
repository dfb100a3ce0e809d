export { createLiveServer, type LiveServer, type LiveServerOptions } from './live-server.js';
