import type { WebSocket } from 'ws';
import { encodeMessage, type Message } from '../emojis/protocol.js';
import { EmojisSession, type EmojisSessionOptions } from '../emojis/session.js';
import { isMain } from '../shared/is-main.js';
import { swiftPrettyJSON } from '../shared/swift-json.js';
import { answerCloseWithCodeOnly } from './close-with-code-only.js';
import type { TcpAddress } from './listen-address.js';
import { runServer } from './run-server.js';
import { serve, type OnConnection, type RunningServer } from './serve.js';
import type { ServerLog } from './server-log.js';

export interface EmojisServerOptions extends EmojisSessionOptions {
  readonly log?: ServerLog;
}

/**
 * The Emojis server: it welcomes each client, then answers its requests (`getRandomEmojiList`, `startStream`,
 * `stopStream`) in the Swift Emoji Service Protocol, each message a pretty-printed JSON text frame. Binary frames are
 * ignored; a close frame is answered with its code alone.
 */
export function handleEmojisConnection(options: EmojisServerOptions = {}): OnConnection {
  const { log = console.log } = options;
  return (socket, request) => {
    log(`Established a connection with: ${request.socket.remoteAddress ?? 'a unix socket'}`);
    answerCloseWithCodeOnly(socket);
    const session = new EmojisSession((message) => sendMessage(socket, message), options);
    socket.on('message', (data, isBinary) => {
      if (!isBinary) session.receive(data.toString());
    });
    socket.once('close', () => session.stopStream());
    session.welcome();
  };
}

// Says whether the message could be sent; a failed write closes the socket, which stops its stream.
function sendMessage(socket: WebSocket, message: Message): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  socket.send(swiftPrettyJSON(encodeMessage(message)), (error) => {
    if (error !== undefined && error !== null) socket.terminate();
  });
  return true;
}

/** Starts the Emojis server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startEmojisServer(address?: TcpAddress, options?: EmojisServerOptions): Promise<RunningServer> {
  return serve(handleEmojisConnection(options), address);
}

if (isMain(import.meta.url)) {
  await runServer(handleEmojisConnection(), (bound) => {
    const where = 'path' in bound ? bound.path : `${bound.host} port: ${bound.port}`;
    return `😀 Running the Emojis server: Listening on ${where}`;
  });
}
