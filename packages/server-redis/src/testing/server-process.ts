/**
 * One server process of the scale-out tests and of the bench's broker scenario:
 * `server-process.ts <redis url> <pubsub|streams|memory> [maxLength]` starts a live server with the relay service on a
 * Redis broker (no broker with `memory`) and a free port, tells its parent `{ port }` over IPC, answers `{ health:
 * true }`, `{ subscribed: topic }` and `{ publish: { topic, text } }` (with the CLOCK_MONOTONIC time just before the
 * publish, for the bench), and closes (server and broker) when the parent asks or goes away.
 */
import { Frame } from '@aws/client';
import type { TopicOptions } from '@aws/server';
import { createLiveServer } from '@aws/server-live';
import { createRedisBroker } from '../redis-broker.js';
import { relayPath, relayService, stampOffset } from './relay-service.js';

const [url = 'redis://127.0.0.1:6379', mode = 'pubsub', maxLength = '100000'] = process.argv.slice(2);
const broker =
  mode === 'memory'
    ? undefined
    : createRedisBroker({
        url,
        mode: mode === 'streams' ? 'streams' : 'pubsub',
        maxLength: Number(maxLength),
        reconnect: { initial: 50, max: 500 },
        probe: { interval: 100, timeout: 2_000 },
      });
const topics: TopicOptions = broker === undefined ? { stamp: stampOffset } : { broker, stamp: stampOffset };
const server = createLiveServer({ topics });
server.register(relayPath, relayService(server));
const { port } = await server.listen({ port: 0 });
await broker?.healthy(10_000);

let closing = false;
const close = async (): Promise<void> => {
  if (closing) return;
  closing = true;
  await server.close({ timeout: 1_000 });
  process.disconnect?.();
};

interface Request {
  readonly health?: boolean;
  readonly subscribed?: string;
  readonly publish?: { readonly topic: string; readonly text: string; readonly id?: number };
  readonly close?: boolean;
}

process.on('message', (request: Request) => {
  if (request.health === true) process.send?.({ health: server.health() });
  if (request.subscribed !== undefined) {
    const subscribed =
      broker === undefined
        ? server.connections().some((c) => c.topics.has(request.subscribed as string))
        : broker.subscribed.has(request.subscribed);
    process.send?.({ subscribed });
  }
  if (request.publish !== undefined) {
    const id = request.publish.id;
    const startNs = process.hrtime.bigint();
    const publication = server.publish(request.publish.topic, Frame.text(request.publish.text));
    const callNs = process.hrtime.bigint() - startNs;
    publication.accepted.then(
      () => process.send?.({ published: { id, startNs: String(startNs), callNs: String(callNs), delivered: publication.delivered } }),
      (error: Error) => process.send?.({ published: { id, error: error.message } }),
    );
  }
  if (request.close === true) void close();
});
process.on('disconnect', () => void close());
process.send?.({ port });
