import { InvalidSettingsError, UnsupportedSettingError } from '@aws/client';
import type { Attempt, ResolvedSettings, SocketEvents, Transport, TransportSocket } from '@aws/core';
import { WebSocketAdapter, type ReceiveOverflow } from './web-socket-adapter.js';
import type { WebSocketConstructor } from './web-socket-api.js';
import type { WebSocketStreamSockets } from './web-socket-stream.js';
import { checkWebCloseCode, checkWebFrame, checkWebSettings, webPlatform } from './web-settings.js';

/** Options of {@link webTransport}. */
export interface WebTransportOptions {
  /** The WHATWG `WebSocket` constructor. @default globalThis.WebSocket, looked up at each `open` */
  readonly WebSocket?: WebSocketConstructor;
  /** `WebSocketStream` instead of `WebSocket`, for real receive backpressure and exact write completion:
   * `webSocketStream()` from `@aws/client-web/web-socket-stream` (its own entry point, so that the apps that do not
   * opt in do not ship it), on the platform's (`globalThis.WebSocketStream`, Chromium; the plain `WebSocket` where
   * there is none) or on a constructor given to it. Opt-in: Chromium 156 crashes the page when a connection ends
   * without a closing handshake (a server or network drop) while a write is pending, which no use of the stream
   * avoids (see the README). `false` is the default.
   * @default false: the plain `WebSocket` everywhere */
  readonly WebSocketStream?: WebSocketStreamSockets | false;
  /** What a full receive buffer (`Settings.receiveBuffer`) does on a plain `WebSocket`, which cannot stop reading:
   * `'close'` fails the connection with 1008, `'drop'` drops the messages that arrive until the backlog is down to
   * half (and says nothing: use it for data that a newer message replaces). A `WebSocketStream` stops reading instead.
   * @default 'close' */
  readonly receiveOverflow?: ReceiveOverflow;
}

/**
 * The web transport: every socket a WHATWG `WebSocket` (or, opted into, a `WebSocketStream`), with what the web API
 * lacks made by the adapter (terminate, close timeout, message size limit, write completion) and what it cannot do
 * refused at `open`.
 *
 * @example
 * ```ts
 * import { createClient } from '@aws/core'
 * const client = createClient(webTransport(), { logger }) // what createWebClient() is
 * ```
 */
export function webTransport(options: WebTransportOptions = {}): Transport {
  checkOptions(options);
  const receiveOverflow = options.receiveOverflow ?? 'close';
  const platform = globalThis as { WebSocket?: WebSocketConstructor };
  const webSocketClass = (): WebSocketConstructor | undefined => options.WebSocket ?? platform.WebSocket;
  const streams = options.WebSocketStream === false ? undefined : options.WebSocketStream;
  const streamClass = () => streams?.constructorNow();
  return {
    name: webPlatform,
    checkSettings(settings) {
      // What the web API cannot do first: it is the same answer whichever constructor is found.
      checkWebSettings(settings);
      if (webSocketClass() === undefined && streamClass() === undefined) {
        throw new UnsupportedSettingError(
          'WebSocket',
          undefined,
          'this runtime, which has no globalThis.WebSocket',
          "pass a constructor: createWebClient({ WebSocket }) with undici's on Node 20",
        );
      }
    },
    checkFrame: checkWebFrame,
    checkCloseCode: checkWebCloseCode,
    connect(attempt: Attempt, settings: ResolvedSettings, events: SocketEvents): TransportSocket {
      const limits = {
        maxMessageSize: settings.node.maxMessageSize,
        closeTimeout: settings.node.closeTimeout,
        protocolsOffered: attempt.protocols.length > 0,
        receiveOverflow,
      };
      const WebSocketStream = streamClass();
      if (streams !== undefined && WebSocketStream !== undefined) {
        return streams.open(WebSocketStream, attempt.url.href, attempt.protocols, events, limits);
      }
      const WebSocket = webSocketClass() as WebSocketConstructor;
      return new WebSocketAdapter(new WebSocket(attempt.url.href, [...attempt.protocols]), events, limits);
    },
  };
}

/** The transport's own options, checked once: a typo must not silently become a default. */
function checkOptions(options: WebTransportOptions): void {
  const { receiveOverflow, WebSocketStream, WebSocket } = options;
  if (receiveOverflow !== undefined && receiveOverflow !== 'close' && receiveOverflow !== 'drop') {
    throw new InvalidSettingsError('receiveOverflow', receiveOverflow, "'close' or 'drop'");
  }
  if (WebSocketStream !== undefined && WebSocketStream !== false && typeof WebSocketStream?.constructorNow !== 'function') {
    throw new InvalidSettingsError(
      'WebSocketStream',
      WebSocketStream,
      "webSocketStream() from '@aws/client-web/web-socket-stream' (which takes a constructor), or false",
    );
  }
  if (WebSocket !== undefined && typeof WebSocket !== 'function') {
    throw new InvalidSettingsError('WebSocket', WebSocket, 'a WebSocket constructor');
  }
}
