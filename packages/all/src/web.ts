// The entry of the umbrella for browsers, Bun, Deno and workers (every export condition but `node`): everything
// that runs on every platform, and a ready client on the platform's WebSocket. No ws, no Node built-in.
export * from './portable.js';
export { webSocket } from './web-default-client.js';
