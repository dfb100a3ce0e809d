import { Frame } from '@aws/client';
import { seqOf } from '../payload.js';
import type { ClientAdapter } from './adapter.js';
import { closer, connect, textOf } from './live.js';

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
    let answered: (() => void) | undefined;
    connection.frames.subscribe((frame) => {
      const text = textOf(frame);
      if (text === undefined) return;
      seqOf(text);
      const resolve = answered;
      answered = undefined;
      resolve?.();
    });
    return {
      ...closer(connection),
      roundTrip: (text) =>
        new Promise<void>((resolve, reject) => {
          answered = resolve;
          connection.send(Frame.text(text)).catch(reject);
        }),
    };
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
