import { createRedisBroker } from '@aws/server-redis';
import { isMain } from '../shared/is-main.js';
import { chatPath, chatService, type ChatServiceOptions } from './chat.js';
import type { TcpAddress } from './listen-address.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type RunningServer } from './serve.js';

/** The topic every Chat process relays through. */
export const chatTopic = 'chat';

/** Where the Chat processes meet: `REDIS_URL`, or a Redis on this machine. */
export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The Kitura chat scaled out: the same service, relaying through a topic that a Redis broker (pub/sub mode: a chat
 * line is not worth replaying; a line sent while Redis is unreachable is refused and its sender told) carries to every Chat process on the same Redis. Run two on two ports and a client of
 * one chats with the clients of the other.
 */
export async function startScaledChatServer(
  address?: TcpAddress,
  options: ChatServiceOptions & { readonly redisUrl?: string } = {},
): Promise<RunningServer> {
  const broker = createRedisBroker({ url: options.redisUrl ?? redisUrl(), mode: 'pubsub' });
  const running = await serve((server) => chatService(server, { ...options, topic: chatTopic }), address, {
    path: chatPath,
    topics: { broker },
  });
  // Ready when the broker delivers: a line typed before would be refused.
  await broker.healthy(10_000).catch(async (error: unknown) => {
    await running.close();
    throw error;
  });
  return running;
}

if (isMain(import.meta.url)) {
  const broker = createRedisBroker({ url: redisUrl(), mode: 'pubsub' });
  await runServer(
    (server) => chatService(server, { topic: chatTopic }),
    (bound) => `Chat server started and listening on ${formatBoundAddress(bound)}, path ${chatPath}, relaying through ${redisUrl()}`,
    { path: chatPath, topics: { broker } },
  );
}
