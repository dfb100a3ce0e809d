import { type Frame, ID, type Connection } from '@aws/client';
import { createWebClient } from '@aws/client-web';
import { WebSocket } from 'undici';
import { seqOf } from '../payload.js';
import type { ClientAdapter } from './adapter.js';
import { closer, echoSession, textOf } from './live.js';

/** The web client on undici's WHATWG WebSocket (Node 20 has no global one), against the `undici` adapter: what the
 * machinery costs on the web platform. */
const client = createWebClient({ WebSocket });

const connect = (url: string): Promise<Connection> => client.connect({ id: ID(), url });

/** (a) on the web transport: the frame stream subscribed with RxJS, the JSON decoded by hand as in the baseline. */
export const adapter: ClientAdapter = {
  async flood(url, sink) {
    const connection = await connect(url);
    connection.frames.subscribe((frame: Frame) => {
      const text = textOf(frame);
      if (text !== undefined) sink(seqOf(text));
    });
    return closer(connection);
  },

  async echo(url) {
    const connection = await connect(url);
    return echoSession(connection, connection.frames, (frame) => {
      const text = textOf(frame);
      if (text === undefined) return false;
      seqOf(text);
      return true;
    });
  },
};
