import type { Settings } from '@aws/client';
import type { Attempt } from './attempt.js';
import WebSocket, { type ClientOptions } from 'ws';

/** The transport of the live client: a `ws` WebSocket. This is the one module of the library that imports `ws`. */
export type Socket = WebSocket;

/** The ready states of {@link Socket}, without reaching for `ws` elsewhere. */
export const SocketState = { connecting: WebSocket.CONNECTING, open: WebSocket.OPEN } as const;

/** Starts the opening handshake of one socket with everything the settings ask for. */
export function openSocket(attempt: Attempt, settings: Settings): Socket {
  const tls = settings.tls ?? {};
  const options: ClientOptions & { closeTimeout: number } = {
    headers: { ...attempt.headers },
    maxPayload: settings.maxMessageSize ?? 100 * 1024 * 1024,
    closeTimeout: settings.closeTimeout ?? 30_000,
    perMessageDeflate: settings.compression ?? true,
    // Redirects are not followed: a redirected handshake reports the 3xx as HandshakeFailedError.
    followRedirects: false,
    ...(tls as Record<string, unknown>),
  };
  return new WebSocket(attempt.url, [...attempt.protocols], options);
}
