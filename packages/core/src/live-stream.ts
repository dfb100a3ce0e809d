import { iterate } from '@aws/client';
import { Observable } from 'rxjs';

/** An Observable that a `for await` loop can also consume: the concrete type of the client's streams. */
export class LiveStream<T> extends Observable<T> implements AsyncIterable<T> {
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return iterate(this);
  }
}
