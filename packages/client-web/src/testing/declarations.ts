import type { Implementation } from '@aws/test-utils/contract';

/** What the web WebSocket cannot do, for every runtime it runs in: the cases of the contract suite that fail on it, and
 * why. (The browser, Bun and Deno runs judge their results with it too.) */
const webCannot: Implementation['cannot'] = {
  'a ping-frame heartbeat (pingInterval) sees the pongs and ends a silent connection with 1006':
    'the web API sends no ping frames: pingInterval is refused at open with UnsupportedSettingError (use heartbeat with ping and isPong)',
  'pings from the server appear as ping frames': 'the platform answers pings itself and does not show them',
  'text that is not UTF-8 fails the connection with 1007': 'the web API reports a protocol violation as a bare 1006',
  'an HTTP 401 answer to the upgrade fails with HandshakeFailedError and its status':
    'the web API does not expose the HTTP answer: a refused upgrade is a ConnectionFailedError',
  'handshake headers reach the server': 'the web API sets no handshake headers: headers are refused at open with UnsupportedSettingError',
};

/** A plain WebSocket cannot stop reading (a WebSocketStream can): past the receive buffer's mark it fails with 1008. */
const cannotPause = {
  'a for-await consumer slower than the server gets every message, in order, on the same connection':
    "the WebSocket cannot stop reading: past receiveBuffer the connection fails with 1008 (receiveOverflow: 'close')",
};

/** Undici, Chromium and Bun fail a handshake whose answer picks none of the subprotocols offered before it opens,
 * so the client cannot tell it from any other failure; Deno opens it, and the client fails it as on Node. */
const protocolRefusedByPlatform = {
  'a server that picks none of the subprotocols offered fails the handshake with HandshakeFailedError':
    'the platform fails such a handshake itself, without saying why: a ConnectionFailedError',
};

/** The implementation under test in one runtime, with what it cannot do there. */
export const webImplementation = (runtime: string): Implementation => ({
  name: `client-web (${runtime})`,
  cannot: {
    ...webCannot,
    ...(runtime === 'Deno' ? {} : protocolRefusedByPlatform),
    // Chromium's WebSocketStream (opt-in) reads only as fast as the client consumes.
    ...(runtime === 'Chromium, WebSocketStream' ? {} : cannotPause),
  },
});

/** The line prefix of the results on the standard output of Bun and Deno. */
export const resultsMarker = 'CONTRACT_RESULTS ';
