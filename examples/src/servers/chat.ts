import { Frame } from '@aws/client';
import { accept, type Service, type WebSocketServer } from '@aws/server';
import { answerWithChatPage } from '../chat-web/chat-page.js';
import { isMain } from '../shared/is-main.js';
import type { TcpAddress } from './listen-address.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type RunningServer } from './serve.js';
import { describeMessage, type ServerLog } from './server-log.js';

/** Where the Chat service is registered, as in Kitura's `WebSocket.register(service: ChatService(), onPath: "chat")`. */
export const chatPath = '/chat';
/** The subprotocol of Kitura's chat client (`client.connect("ws://" + host + "/chat", "chat")`), echoed when offered. */
export const chatProtocol = 'chat';
/** Kitura's `connectionTimeout` of the ChatService: 60 s. */
export const chatConnectionTimeoutMs = 60_000;
/** The close reason of a binary message, Kitura's `description`, with 1003 (`.invalidDataType`). */
export const textOnlyReason = 'Chat-Server only accepts text messages';

export interface ChatServiceOptions {
  readonly log?: ServerLog;
  /** Nothing heard for half of it: a ping; no pong by the end: the connection is dropped (1006).
   * @default 60 000 ms, Kitura's */
  readonly connectionTimeout?: number;
  /** Relay through this topic of the server instead of a broadcast to the path: with a broker (Redis), the chat
   * spans every server process on it. @default undefined: a broadcast, this process only */
  readonly topic?: string;
}

/**
 * The Kitura-WebSocket chat (`ChatService`): every text message is relayed to every other connected client, never back
 * to its sender; a binary message closes its sender with 1003 "Chat-Server only accepts text messages". A client that
 * stops answering is dropped after `connectionTimeout`. The relay is one broadcast of the server, the frame encoded
 * once for every client, and a client too slow to take it is closed with 1008 rather than let its queue grow.
 */
export function chatService(server: WebSocketServer, options: ChatServiceOptions = {}): Service {
  const { log = console.log, connectionTimeout = chatConnectionTimeoutMs, topic } = options;
  return {
    options: { connectionTimeout, sendQueue: { overflow: 'close' } },
    // Kitura's chat client asks for the subprotocol `chat`; a client that offers none gets none.
    upgrade: (request) => accept(undefined, request.protocols.includes(chatProtocol) ? { protocol: chatProtocol } : {}),
    connected(connection) {
      if (topic !== undefined) connection.subscribe(topic);
      log(`[Connected] ${connection.id}`);
    },
    received(message, connection) {
      // What a client sends after its binary message, while it is being closed, is not relayed.
      if (!connection.isOpen()) return;
      log(`${describeMessage(message)} from ${connection.id}`);
      if (message.type === 'binary') return void connection.close(1003, textOnlyReason);
      const frame = Frame.text(message.text);
      if (topic === undefined) {
        const { closed } = server.broadcast(chatPath, frame, { except: connection });
        for (const id of closed) log(`[Too slow] ${id} closed with 1008`);
        return;
      }
      const publication = server.publish(topic, frame, { except: connection });
      for (const id of publication.closed) log(`[Too slow] ${id} closed with 1008`);
      // Redis unreachable: the message reached no one, and its sender is told so rather than left guessing.
      publication.accepted.catch((error: Error) => {
        log(`[Not relayed] from ${connection.id}: ${error.message}`);
        void connection.send(Frame.text(`[not relayed: ${error.message}]`)).catch(() => {});
      });
    },
    disconnected: (connection, close) => log(`[Disconnected] ${connection.id} ${close.code} ${close.reason}`.trimEnd()),
  };
}

/** Starts the Chat server, the service on {@link chatPath}; `{ host: '127.0.0.1', port: 0 }` for a free port. Clients
 * connect to `${server.url}/chat`. */
export function startChatServer(address?: TcpAddress, options?: ChatServiceOptions): Promise<RunningServer> {
  return serve((server) => chatService(server, options), address, { path: chatPath, http: answerWithChatPage });
}

if (isMain(import.meta.url)) {
  await runServer(
    (server) => chatService(server),
    (bound) => `Chat server started and listening on ${formatBoundAddress(bound)}, path ${chatPath}; the chat page on /`,
    { path: chatPath, http: answerWithChatPage },
  );
}
