import { Frame } from '@aws/client';
import { accept, type ServerConnection, type Service } from '@aws/server';
import { encodeMessage, type Message } from '../emojis/protocol.js';
import { EmojisSession, type EmojisSessionOptions } from '../emojis/session.js';
import { isMain } from '../shared/is-main.js';
import { swiftPrettyJSON } from '../shared/swift-json.js';
import type { TcpAddress } from './listen-address.js';
import { runServer } from './run-server.js';
import { serve, type RunningServer } from './serve.js';
import type { ServerLog } from './server-log.js';

export interface EmojisServerOptions extends EmojisSessionOptions {
  readonly log?: ServerLog;
}

/** What an Emojis connection carries: where the client is, for the log. */
export interface EmojisContext {
  readonly remoteAddress: string | undefined;
}

/**
 * The Emojis server: it welcomes each client, then answers its requests (`getRandomEmojiList`, `startStream`,
 * `stopStream`) in the Swift Emoji Service Protocol, each message a pretty-printed JSON text frame. Binary frames are
 * ignored; a close frame is answered with its code alone (see {@link startEmojisServer}).
 */
export function handleEmojisConnection(options: EmojisServerOptions = {}): Service<EmojisContext> {
  const { log = console.log } = options;
  const sessions = new WeakMap<ServerConnection<EmojisContext>, EmojisSession>();
  return {
    upgrade: (request) => accept({ remoteAddress: request.remoteAddress }),
    connected(connection) {
      log(`Established a connection with: ${connection.context.remoteAddress ?? 'a unix socket'}`);
      const session = new EmojisSession((message) => sendMessage(connection, message), options);
      sessions.set(connection, session);
      void connection.closed.then(() => session.stopStream());
      session.welcome();
    },
    received(message, connection) {
      if (message.type === 'text') sessions.get(connection)?.receive(message.text);
    },
  };
}

// Says whether the message could be sent; a failed write ends the connection, which stops its stream.
function sendMessage(connection: ServerConnection<EmojisContext>, message: Message): boolean {
  if (!connection.isOpen()) return false;
  connection.send(Frame.text(swiftPrettyJSON(encodeMessage(message)))).catch(() => void connection.drop());
  return true;
}

/** Starts the Emojis server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startEmojisServer(address?: TcpAddress, options?: EmojisServerOptions): Promise<RunningServer> {
  return serve(handleEmojisConnection(options), address, { closeWithCodeOnly: true });
}

if (isMain(import.meta.url)) {
  await runServer(
    handleEmojisConnection(),
    (bound) => {
      const where = 'path' in bound ? bound.path : `${bound.host} port: ${bound.port}`;
      return `😀 Running the Emojis server: Listening on ${where}`;
    },
    { closeWithCodeOnly: true },
  );
}
