import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import type { ServiceSettings } from '@aws/server-core';
import { OwnedWebSocket } from '@aws/client-live';

/** A chosen subprotocol, carried from the service's decision to `ws`'s `handleProtocols`; and the extensions the
 * answer agreed on, carried back from `ws`'s `headers` event. */
const chosen = Symbol('chosen protocol');
const agreed = Symbol('agreed extensions');
type Chosen = IncomingMessage & { [chosen]?: string | false; [agreed]?: string };

/**
 * The `ws` side of accepting: one `WebSocketServer` in `noServer` mode per service, since the message size limit is
 * per server in `ws`. This is the one module of the server that imports `ws`.
 */
export class Acceptor {
  private readonly wss: WebSocketServer;

  constructor(settings: ServiceSettings) {
    const { maxMessageSize: maxPayload, closeTimeout, compression } = settings;
    // closeTimeout is an option of ws's server that its type definitions do not list yet.
    const options: ServerOptions & { closeTimeout: number } = {
      noServer: true,
      // Sockets that hand their events to the transport socket without a listener table each.
      WebSocket: OwnedWebSocket,
      closeTimeout,
      clientTracking: false,
      maxPayload,
      perMessageDeflate:
        compression === undefined
          ? false
          : {
              threshold: compression.threshold,
              serverNoContextTakeover: compression.serverNoContextTakeover,
              clientNoContextTakeover: compression.clientNoContextTakeover,
              serverMaxWindowBits: compression.serverMaxWindowBits,
              ...(compression.clientMaxWindowBits === undefined ? {} : { clientMaxWindowBits: compression.clientMaxWindowBits }),
            },
      // Pings are answered by the transport socket, which bounds the pongs a flood may leave waiting.
      autoPong: false,
      // Never ws's default of accepting the first offered protocol: the service decided, and its choice is echoed.
      handleProtocols: (_offered, request) => (request as Chosen)[chosen] ?? false,
    };
    this.wss = new WebSocketServer(options);
    this.wss.on('headers', (headers, request) => {
      const line = headers.find((header) => header.toLowerCase().startsWith('sec-websocket-extensions:'));
      if (line !== undefined) (request as Chosen)[agreed] = line.slice(line.indexOf(':') + 1).trim();
    });
  }

  /** Completes the handshake with the protocol the service chose (or none); `done` gets the socket and the agreed
   * `Sec-WebSocket-Extensions` value. */
  accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    protocol: string | undefined,
    done: (ws: WebSocket, extensions: string) => void,
  ): void {
    (request as Chosen)[chosen] = protocol ?? false;
    this.wss.handleUpgrade(request, socket, head, (ws) => done(ws, (request as Chosen)[agreed] ?? ''));
  }
}
