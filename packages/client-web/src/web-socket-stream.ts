import { InvalidSettingsError } from '@aws/client';
import type { SocketEvents, TransportSocket } from '@aws/core';
import type { AdapterLimits } from './web-socket-adapter.js';
import { WebSocketStreamAdapter, type WebSocketStreamConstructor } from './web-socket-stream-adapter.js';

/**
 * What `createWebClient({ WebSocketStream })` takes: the sockets of the client made on a `WebSocketStream`. It comes
 * from its own entry point, `@aws/client-web/web-socket-stream`, so that an app that stays on the plain `WebSocket`
 * (the default) does not ship the stream adapter.
 */
export interface WebSocketStreamSockets {
  /** The constructor in use, looked up at each `open`; `undefined` where the platform has none (the plain
   * `WebSocket` is used there). */
  readonly constructorNow: () => WebSocketStreamConstructor | undefined;
  /** Opens one socket on the stream. */
  readonly open: (
    WebSocketStream: WebSocketStreamConstructor,
    url: string,
    protocols: readonly string[],
    events: SocketEvents,
    limits: AdapterLimits,
  ) => TransportSocket;
}

/**
 * Opts a web client into `WebSocketStream` (WHATWG, shipped by Chromium): real receive backpressure (reading stops
 * while the receive buffer is full, down to TCP) and exact write completion. Where the platform has no
 * `WebSocketStream`, the client stays on the plain `WebSocket`. Opt-in because Chromium 156 crashes the page when a
 * connection ends without a closing handshake while a write is pending (see the package README).
 *
 * @param WebSocketStream the constructor; by default `globalThis.WebSocketStream`, looked up at each `open`.
 * @example
 * ```ts
 * import { createWebClient } from '@aws/client-web'
 * import { webSocketStream } from '@aws/client-web/web-socket-stream'
 *
 * const client = createWebClient({ WebSocketStream: webSocketStream() })
 * ```
 */
export function webSocketStream(WebSocketStream?: WebSocketStreamConstructor): WebSocketStreamSockets {
  // Checked here, where the mistake is made, and not as a TypeError at the first open.
  if (WebSocketStream !== undefined && typeof WebSocketStream !== 'function') {
    throw new InvalidSettingsError('WebSocketStream', WebSocketStream, 'a WebSocketStream constructor');
  }
  const platform = globalThis as { WebSocketStream?: WebSocketStreamConstructor };
  return {
    constructorNow: () => WebSocketStream ?? platform.WebSocketStream,
    open: (Stream, url, protocols, events, limits) => new WebSocketStreamAdapter(Stream, url, protocols, events, limits),
  };
}
