import { once } from 'node:events';
import { WebSocket } from 'undici';
import { seqOf } from '../payload.js';
import type { ClientAdapter, Session } from './adapter.js';
import { MessageQueue } from './message-queue.js';

/** The WHATWG WebSocket: Node 20 has no global one, so it is undici's, which Node 22 ships as the global. */
async function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await once(socket, 'open');
  return socket;
}

function closer(socket: WebSocket): Session {
  return {
    async close() {
      const closed = once(socket, 'close');
      socket.close();
      await closed;
    },
  };
}

/** The text of a message event: text frames arrive as strings. */
const text = (event: Event): string => (event as MessageEvent<string>).data;

export const adapter: ClientAdapter = {
  async flood(url, sink) {
    const socket = await open(url);
    socket.addEventListener('message', (event) => sink(seqOf(text(event))));
    return closer(socket);
  },

  // Like ws, the WHATWG API dispatches every message at once: no receive backpressure for a slow application.
  async slow(url, consume) {
    const socket = await open(url);
    const queue = new MessageQueue<string>();
    socket.addEventListener('message', (event) => queue.push(text(event)));
    void queue.drain((data) => consume(seqOf(data)));
    return closer(socket);
  },
};
