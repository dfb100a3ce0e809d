import { seqOf } from '../payload.js';
import type { ClientAdapter } from './adapter.js';
import { closer, connect, echoSession, textOf } from './live.js';

/** (a) The live client's frame stream subscribed with RxJS, the JSON decoded by hand as in the baseline. */
export const adapter: ClientAdapter = {
  async flood(url, sink) {
    const connection = await connect(url);
    connection.frames.subscribe((frame) => {
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

  async idle(url) {
    const connection = await connect(url);
    connection.frames.subscribe((frame) => {
      const text = textOf(frame);
      if (text !== undefined) seqOf(text);
    });
    return closer(connection);
  },
};
