import type { Connection } from '@aws/client';
import { caseOf, field, success } from '@aws/operators';
import type { Observable } from 'rxjs';
import type { BenchMessage } from '../payload.js';
import type { ClientAdapter } from './adapter.js';
import { closer, connect, echoSession } from './live.js';

/** The typed pipeline of the operators package: JSON → the `tick` case → its `seq` field, checked by the compiler. */
export function seqs(connection: Connection): Observable<number> {
  return connection.frames.pipe(success<BenchMessage>(), caseOf('tick'), field('seq'));
}

/** (b) The typed pipeline subscribed with RxJS. */
export const adapter: ClientAdapter = {
  async flood(url, sink) {
    const connection = await connect(url);
    seqs(connection).subscribe(sink);
    return closer(connection);
  },

  async echo(url) {
    const connection = await connect(url);
    return echoSession(connection, seqs(connection));
  },
};
