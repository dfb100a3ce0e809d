import { seqOf } from '../payload.js';
import type { ClientAdapter } from './adapter.js';
import { closer, connect, textOf } from './live.js';

/**
 * (c′) `for await` straight on the connection's frames: the consumer whose queue pauses the socket past the receive
 * high-water mark, so a slow loop slows the server down instead of filling memory.
 */
export const adapter: ClientAdapter = {
  async flood(url, sink) {
    const connection = await connect(url);
    const consumed = (async () => {
      for await (const frame of connection.frames) {
        const text = textOf(frame);
        if (text !== undefined) sink(seqOf(text));
      }
    })();
    return closer(connection, consumed);
  },

  async slow(url, consume, receiveBuffer) {
    const connection = await connect(url, { receiveBuffer });
    const consumed = (async () => {
      for await (const frame of connection.frames) {
        const text = textOf(frame);
        if (text !== undefined) await consume(seqOf(text));
      }
    })();
    return closer(connection, consumed);
  },
};
