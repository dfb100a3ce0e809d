import { once } from 'node:events';
import WebSocket from 'ws';
import { seqOf } from '../payload.js';
import type { ClientAdapter, Session } from './adapter.js';
import { MessageQueue } from './message-queue.js';

/** Opens a plain `ws` socket with its defaults, as an application on `ws` would. */
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

/** The baseline: raw `ws` and `JSON.parse` in a 'message' listener. */
export const adapter: ClientAdapter = {
  async flood(url, sink) {
    const socket = await open(url);
    socket.on('message', (data: Buffer) => sink(seqOf(data.toString())));
    return closer(socket);
  },

  async echo(url) {
    const socket = await open(url);
    let answered: (() => void) | undefined;
    socket.on('message', (data: Buffer) => {
      seqOf(data.toString());
      const resolve = answered;
      answered = undefined;
      resolve?.();
    });
    return {
      ...closer(socket),
      roundTrip: (text) =>
        new Promise<void>((resolve) => {
          answered = resolve;
          socket.send(text);
        }),
    };
  },

  async idle(url) {
    const socket = await open(url);
    socket.on('message', (data: Buffer) => seqOf(data.toString()));
    return closer(socket);
  },

  // `ws` pushes every message at once and has no receive buffer to bound: the application queues what it has not
  // handled yet, which is what the slow-consumer scenario shows growing.
  async slow(url, consume) {
    const socket = await open(url);
    const queue = new MessageQueue<Buffer>();
    socket.on('message', (data: Buffer) => queue.push(data));
    void queue.drain((data) => consume(seqOf(data.toString())));
    return closer(socket);
  },
};
