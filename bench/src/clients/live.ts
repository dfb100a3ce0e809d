import { ID, type Connection, type Frame, type Settings } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import type { Session } from './adapter.js';

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
