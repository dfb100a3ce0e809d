import { Frame } from '@aws/client';
import type { Service, WebSocketServer } from '@aws/server';

/** Where the tests' relay service is registered. */
export const relayPath = '/relay';

/**
 * The tests' protocol, a small stand-in for an application's: a client connects to `/relay?topic=<t>` (with
 * `&after=<offset>` when it resumes) and is subscribed; every text it sends is published to the topic and answered
 * `{"acc":text}` once the broker took it or `{"rej":text}` when it did not; the topic's frames reach it as
 * `{"o":offset,"t":text}` in streams mode (the `stamp` below) or as the plain text in pub/sub mode; a resume the
 * history cannot serve is answered `{"resync":reason}`.
 */
export function relayService(server: WebSocketServer): Service {
  return {
    async connected(connection) {
      const topic = connection.query.get('topic') ?? 'lobby';
      const resumed = await connection.resume(topic, connection.query.get('after') ?? undefined);
      if (resumed.type === 'resync') await connection.send(Frame.text(JSON.stringify({ resync: resumed.reason }))).catch(() => {});
    },
    received(message, connection) {
      if (message.type !== 'text') return;
      const topic = connection.query.get('topic') ?? 'lobby';
      const answer = (key: 'acc' | 'rej'): void =>
        void connection.send(Frame.text(JSON.stringify({ [key]: message.text }))).catch(() => {});
      let publication: ReturnType<WebSocketServer['publish']>;
      try {
        publication = server.publish(topic, Frame.text(message.text));
      } catch {
        return answer('rej');
      }
      publication.accepted.then(
        () => answer('acc'),
        () => answer('rej'),
      );
    },
  };
}

/** The tests' stamp: the offset and the text in a JSON object. */
export const stampOffset = (frame: Frame, offset: string): Frame =>
  frame.type === 'message' && frame.message.type === 'text' ? Frame.text(JSON.stringify({ o: offset, t: frame.message.text })) : frame;
