import { iterate } from '@aws/client';
import type { ClientAdapter } from './adapter.js';
import { closer, connect } from './live.js';
import { seqs } from './live-pipeline.js';

/** (c) The same typed pipeline, consumed with `for await` through the interface package's `iterate`. */
export const adapter: ClientAdapter = {
  async flood(url, sink) {
    const connection = await connect(url);
    const consumed = (async () => {
      for await (const seq of iterate(seqs(connection))) sink(seq);
    })();
    return closer(connection, consumed);
  },
};
