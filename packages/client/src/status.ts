import type { WebSocketClientError } from './errors.js';
import type { CloseInfo } from './frame.js';

/**
 * Where a connection is in its life, as reported by the status stream of {@link WebSocketClient.open}:
 * `connecting`, then `connected`, then either `didClose` (the connection ended, cleanly or not) or `didFail`
 * (it could not be opened). `didClose` and `didFail` are final: the stream completes after them. With reconnection
 * on, an unexpected end gives `reconnecting` (attempt, delay) instead, then `connecting` and `connected` again.
 *
 * @example
 * ```ts
 * client.open({ id, url }).subscribe((status) => {
 *   switch (status.type) {
 *     case 'connecting': return console.log('Connecting...')
 *     case 'connected': return console.log('Connected to the server!')
 *     case 'didClose': return console.log(`closed with ${status.code} ${status.reason}`)
 *     case 'didFail': return console.log(`failed: ${status.error.message}`)
 *   }
 * })
 * ```
 */
export type ConnectionStatus =
  | {
      readonly type: 'connecting';
      /** 0 for the first opening, then the number of the reconnection attempt. */
      readonly attempt: number;
    }
  | {
      readonly type: 'connected';
      /** The subprotocol the server chose, or `''`. */
      readonly protocol: string;
      /** The extensions the server accepted: the negotiated `Sec-WebSocket-Extensions` value with its parameters
       * (`'permessage-deflate; server_max_window_bits=10'`), or `''`. */
      readonly extensions: string;
    }
  | {
      readonly type: 'didClose';
      /** The code the client sent when it closed, the server's code when the server closed, 1005 for a close frame
       * without code, 1006 when the connection dropped. */
      readonly code: number;
      readonly reason: string;
    }
  | { readonly type: 'didFail'; readonly error: WebSocketClientError }
  | {
      readonly type: 'reconnecting';
      /** The number of the attempt about to be made, from 1. */
      readonly attempt: number;
      /** How long (ms) the client waits before it. */
      readonly delay: number;
      /** Why the previous connection or attempt ended. */
      readonly close?: CloseInfo;
      readonly error?: WebSocketClientError;
    };
