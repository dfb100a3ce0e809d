export { connectSession, openSession, type ClientSession, type ClientSessionOptions, type SessionStatus } from './client-session.js';
export { SessionBufferFullError, SessionClosedError, SessionLostError, SessionUnsupportedError } from './errors.js';
export type { ResolveOn, SendOptions, SessionBufferOptions, SessionOptions, SessionOverflowPolicy } from './options.js';
export type { ServerSession, SessionEnd } from './server-session.js';
export { sessionService, type SessionHandler, type SessionService, type SessionServiceOptions } from './session-service.js';
