import { webSocket, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import WebSocket from 'ws';
import type { BenchMessage } from '../payload.js';
import type { ClientAdapter } from './adapter.js';

/** RxJS's `webSocket` subject on `ws`; its default deserializer is `JSON.parse` of the event's text. */
export const adapter: ClientAdapter = {
  flood: (url, sink) =>
    new Promise((resolve, reject) => {
      let closed: () => void = () => {};
      const subject = webSocket<BenchMessage>({
        url,
        // ws implements the WHATWG event API the subject uses; only its TypeScript type differs from the DOM's.
        WebSocketCtor: WebSocket as unknown as NonNullable<WebSocketSubjectConfig<BenchMessage>['WebSocketCtor']>,
        openObserver: { next: () => resolve({ close }) },
        closeObserver: { next: () => closed() },
      });
      const subscription = subject.subscribe({
        next: (message) => sink(message.type === 'tick' ? message.tick.seq : -1),
        error: reject,
      });
      // Unsubscribing the last subscriber closes the socket; the close observer reports when it has closed.
      const close = (): Promise<void> =>
        new Promise<void>((done) => {
          closed = done;
          subscription.unsubscribe();
        });
    }),
};
