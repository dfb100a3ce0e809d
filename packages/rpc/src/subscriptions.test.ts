import { ConnectionClosedError, ID, type WebSocketClient } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { Observable, firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemoteError } from './errors.js';
import { jsonRpcClient } from './json-rpc-client.js';
import { jsonRpcService } from './json-rpc-server.js';
import { serveRpc, type RpcTestServer } from './test-fixtures.js';

interface Ticks {
  ticks: { params: { every: number }; event: number };
  refused: { params: undefined; event: number };
}

let client: WebSocketClient;
let baseline: Record<string, number>;
let subscribes: number;
let teardowns: number;
let server: RpcTestServer | undefined;

// Each subscription counts from 0, every `every` ms; the counters say how often the server was asked.
const service = () =>
  jsonRpcService<Ticks>({
    ticks: ({ every }) =>
      new Observable<number>((subscriber) => {
        subscribes += 1;
        let tick = 0;
        const timer = setInterval(() => subscriber.next(tick++), every);
        return () => {
          teardowns += 1;
          clearInterval(timer);
        };
      }),
    refused: () => {
      throw new Error('no');
    },
  });

beforeEach(() => {
  baseline = activeHandles();
  client = createLiveClient();
  subscribes = 0;
  teardowns = 0;
});

afterEach(async () => {
  await client.closeAll();
  await server?.close();
  server = undefined;
  expect(await settledHandles(baseline)).toEqual({});
});

describe('subscribe', () => {
  it('shares one subscription between consumers and unsubscribes when the last one leaves', async () => {
    server = await serveRpc(service());
    using rpc = jsonRpcClient<Ticks>(await client.connect({ id: ID(), url: server.url }));
    const ticks = rpc.subscribe({ method: 'ticks', params: { every: 5 } });
    const first = firstValueFrom(ticks.pipe(take(3), toArray()));
    const second = firstValueFrom(ticks.pipe(take(6), toArray()));
    expect(await within(first, 2_000, 'three ticks')).toEqual([0, 1, 2]);
    expect(subscribes).toBe(1);
    expect(teardowns).toBe(0);
    expect(await within(second, 2_000, 'six ticks')).toEqual([0, 1, 2, 3, 4, 5]);
    await rpc.drain();
    expect(teardowns).toBe(1);
  });

  it('comes back after each of 5 server restarts: one subscribe per connection, unsubscribe on the last consumer', async () => {
    server = await serveRpc(service());
    const { port } = server;
    using rpc = jsonRpcClient<Ticks>(
      await client.connect({ id: ID(), url: server.url, reconnect: { minDelay: 10, maxDelay: 50, maxAttempts: 200 } }),
    );
    const seen: number[] = [];
    const others: number[] = [];
    const ticks = rpc.subscribe({ method: 'ticks', params: { every: 5 } });
    const a = ticks.subscribe((tick) => seen.push(tick));
    const b = ticks.subscribe((tick) => others.push(tick));
    for (let restart = 1; restart <= 5; restart += 1) {
      await waitFor(() => seen.length >= 3, 5_000, `ticks before restart ${restart}`);
      await server.close();
      seen.length = 0;
      server = await serveRpc(service(), port);
    }
    await waitFor(() => seen.length >= 3, 5_000, 'ticks after the last restart');
    expect(subscribes).toBe(6);
    expect(others.length).toBeGreaterThanOrEqual(3);
    a.unsubscribe();
    expect(teardowns).toBe(5); // the five servers that went away tore theirs down with their connections
    b.unsubscribe();
    await rpc.drain();
    await waitFor(() => teardowns === 6, 2_000, 'the unsubscribe');
  });

  it('sends a subscribe call whose socket dropped before the answer once more, on the next socket only', async () => {
    const perConnection = new Map<unknown, number>();
    server = await serveRpc(
      jsonRpcService<Ticks>({
        ticks: (_params, { connection }) => {
          perConnection.set(connection, (perConnection.get(connection) ?? 0) + 1);
          if (perConnection.size === 1) {
            void connection.drop();
            return new Observable<number>(() => {});
          }
          return new Observable<number>((subscriber) => {
            const timer = setInterval(() => subscriber.next(1), 5);
            return () => clearInterval(timer);
          });
        },
        refused: () => new Observable<number>(),
      }),
    );
    using rpc = jsonRpcClient<Ticks>(await client.connect({ id: ID(), url: server.url, reconnect: { minDelay: 10, maxDelay: 50 } }));
    const ticks = await within(
      firstValueFrom(rpc.subscribe({ method: 'ticks', params: { every: 5 } }).pipe(take(3), toArray())),
      5_000,
      'ticks',
    );
    expect(ticks).toEqual([1, 1, 1]);
    expect([...perConnection.values()]).toEqual([1, 1]);
  });

  it('ends with the error of a refused subscribe call, and with ConnectionClosedError when the connection drops', async () => {
    server = await serveRpc(service());
    const connection = await client.connect({ id: ID(), url: server.url });
    using rpc = jsonRpcClient<Ticks>(connection);
    await expect(firstValueFrom(rpc.subscribe({ method: 'refused' }))).rejects.toBeInstanceOf(RemoteError);
    const ticks = firstValueFrom(rpc.subscribe({ method: 'ticks', params: { every: 5 } }).pipe(take(1000), toArray()));
    await waitFor(() => subscribes === 1, 2_000, 'the subscription');
    const ended = expect(within(ticks, 3_000, 'the end of the stream')).rejects.toBeInstanceOf(ConnectionClosedError);
    for (const open of server.server.connections()) await open.drop();
    await ended;
  });
});
