import { Frame, ID, type Connection, type Settings } from '@aws/client';
import type { Observable } from 'rxjs';
import { createLiveClient } from '@aws/client-live';
import type { EchoSession, Session } from './adapter.js';

/** One live client per process, holding every connection, as an application would. */
const client = createLiveClient();

/** Opens a connection of the live client with its defaults, plus `extra` settings. */
export function connect(url: string, extra: Partial<Settings> = {}): Promise<Connection> {
  return client.connect({ id: ID(), url, ...extra });
}

/** The text of a text message frame, or undefined for anything else. */
export function textOf(frame: Frame): string | undefined {
  return frame.type === 'message' && frame.message.type === 'text' ? frame.message.text : undefined;
}

/** Closes the connection, then waits for `consumed` (a consumer loop that ends with the stream). */
export function closer(connection: Connection, consumed: Promise<unknown> = Promise.resolve()): Session {
  return {
    async close() {
      await connection.close();
      await consumed;
    },
  };
}

/** A round trip at a time on `connection`: each resolves when `answers` emits a value that `isAnswer` (which decodes
 * it, as the application would) accepts. */
export function echoSession<T>(connection: Connection, answers: Observable<T>, isAnswer: (value: T) => boolean = () => true): EchoSession {
  let answered: (() => void) | undefined;
  answers.subscribe((value) => {
    if (!isAnswer(value)) return;
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
}
