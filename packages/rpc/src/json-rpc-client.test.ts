import { AbortedError, ConnectionClosedError, ID, TimedOutError, type Connection, type WebSocketClient } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { SchemaError } from '@aws/operators';
import type { ServerConnection } from '@aws/server';
import { activeHandles, settledHandles, startServer, waitFor, within } from '@aws/test-utils';
import { setTimeout as sleep } from 'node:timers/promises';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ProtocolError, RemoteError } from './errors.js';
import { jsonRpcClient } from './json-rpc-client.js';
import { jsonRpcService } from './json-rpc-server.js';
import { serveRpc, type RpcTestServer } from './test-fixtures.js';

interface Api {
  echo: { params: [number]; result: number };
  hang: { params: undefined; result: never };
  slow: { params: [number]; result: number };
  fail: { params: undefined; result: never };
}

let client: WebSocketClient;
let baseline: Record<string, number>;
let servers: RpcTestServer[];
const connections: ServerConnection[] = [];
let received: number;

const handlers = {
  echo: async ([n]: [number], { connection }: { connection: ServerConnection }) => {
    received += 1;
    if (!connections.includes(connection)) connections.push(connection);
    await sleep(Math.floor(Math.random() * 10));
    return n;
  },
  hang: () => new Promise<never>(() => {}),
  slow: async ([n]: [number]) => {
    await sleep(60);
    return n;
  },
  fail: () => {
    throw new Error('secret details');
  },
};

async function connect(url: string, reconnect = false): Promise<Connection> {
  return client.connect({ id: ID(), url, ...(reconnect ? { reconnect: { minDelay: 10, maxDelay: 50 } } : {}) });
}

beforeEach(() => {
  baseline = activeHandles();
  client = createLiveClient();
  servers = [];
  connections.length = 0;
  received = 0;
});

afterEach(async () => {
  await client.closeAll();
  for (const server of servers) await server.close();
  expect(await settledHandles(baseline)).toEqual({});
});

async function start(port = 0): Promise<RpcTestServer> {
  const server = await serveRpc(jsonRpcService<Api>(handlers, { concurrency: 1_000 }), port);
  servers.push(server);
  return server;
}

describe('jsonRpcClient calls', () => {
  it('correlates 1,000 concurrent calls answered out of order', async () => {
    const server = await start();
    using rpc = jsonRpcClient<Api>(await connect(server.url));
    const order: number[] = [];
    const calls = Array.from({ length: 1_000 }, (_, n) =>
      rpc.call({ method: 'echo', params: [n] }).then((result) => {
        order.push(result);
        return result;
      }),
    );
    expect(await within(Promise.all(calls), 10_000, 'the 1,000 calls')).toEqual(Array.from({ length: 1_000 }, (_, n) => n));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(rpc.pendingCalls).toBe(0);
  });

  it('rejects with TimedOutError after the timeout, and drops the late answer quietly', async () => {
    const server = await start();
    const problems: ProtocolError[] = [];
    using rpc = jsonRpcClient<Api>(await connect(server.url), { onProblem: (problem) => problems.push(problem) });
    const late = rpc.call({ method: 'slow', params: [1] }, { timeout: 20 });
    await expect(late).rejects.toBeInstanceOf(TimedOutError);
    await expect(late).rejects.toMatchObject({ operation: 'call', milliseconds: 20 });
    await expect(rpc.call({ method: 'hang' }, { timeout: 30 })).rejects.toBeInstanceOf(TimedOutError);
    await sleep(100);
    expect(problems).toEqual([]);
    expect(await rpc.call({ method: 'echo', params: [7] })).toBe(7);
  });

  it('rejects with AbortedError, sending nothing when aborted before the call', async () => {
    const server = await start();
    using rpc = jsonRpcClient<Api>(await connect(server.url));
    const aborted = AbortSignal.abort('no');
    await expect(rpc.call({ method: 'echo', params: [1] }, { signal: aborted })).rejects.toBeInstanceOf(AbortedError);
    await sleep(30);
    expect(received).toBe(0);

    const controller = new AbortController();
    const waiting = rpc.call({ method: 'hang' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).rejects.toMatchObject({ _tag: 'AbortedError', operation: 'call' });
    expect(rpc.pendingCalls).toBe(0);
  });

  it('rejects all of 100 pending calls with ConnectionClosedError when the connection drops', async () => {
    const server = await start();
    using rpc = jsonRpcClient<Api>(await connect(server.url));
    const calls = Promise.allSettled(
      Array.from({ length: 100 }, () => rpc.call({ method: 'hang' }, { timeout: Number.POSITIVE_INFINITY })),
    );
    await rpc.call({ method: 'echo', params: [0] });
    await connections[0]?.drop();
    const settled = await within(calls, 5_000, 'the pending calls');
    expect(settled.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ConnectionClosedError)).toBe(true);
    await expect(rpc.call({ method: 'echo', params: [1] })).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('answers a handler that throws with an error response, and the connection carries on', async () => {
    const server = await start();
    using rpc = jsonRpcClient<Api>(await connect(server.url));
    const failure = rpc.call({ method: 'fail' });
    await expect(failure).rejects.toBeInstanceOf(RemoteError);
    await expect(failure).rejects.toMatchObject({ code: -32603, message: 'Internal error' });
    expect(await rpc.call({ method: 'echo', params: [2] })).toBe(2);
  });
});

describe('batches and notifications', () => {
  it('sends a batch in one frame, each call settling on its own, and notifications without answers', async () => {
    const server = await start();
    using rpc = jsonRpcClient<Api>(await connect(server.url));
    const [one, failed, two] = rpc.batch([{ method: 'echo', params: [1] }, { method: 'fail' }, { method: 'echo', params: [2] }]);
    expect(await one).toBe(1);
    await expect(failed).rejects.toBeInstanceOf(RemoteError);
    expect(await two).toBe(2);
    await rpc.notify({ method: 'echo', params: [3] });
    await waitFor(() => received === 3, 2_000, 'the notification');
    expect(rpc.pendingCalls).toBe(0);
  });
});

describe('jsonRpcClient across reconnections', () => {
  it('re-sends resendable calls on the next socket, each answered exactly once; rejects the others', async () => {
    // The first socket swallows calls and is dropped once 20 have arrived; the next one answers.
    let swallowed = 0;
    let dropped: Promise<unknown> | undefined;
    const server = await serveRpc(
      jsonRpcService<{ get: { params: [number]; result: number } }>(
        {
          get: ([n], { connection }) => {
            if (dropped !== undefined && connections[0] !== connection) return n;
            connections[0] = connection;
            swallowed += 1;
            if (swallowed === 20) dropped = connection.drop();
            return new Promise<never>(() => {});
          },
        },
        { concurrency: 100 },
      ),
    );
    servers.push(server);
    using rpc = jsonRpcClient<{ get: { params: [number]; result: number } }>(await connect(server.url, true));
    const resent = Array.from({ length: 10 }, (_, n) => rpc.call({ method: 'get', params: [n] }, { resend: true }));
    const lost = Promise.allSettled(Array.from({ length: 10 }, (_, n) => rpc.call({ method: 'get', params: [100 + n] })));
    expect(await within(Promise.all(resent), 5_000, 'the re-sent calls')).toEqual(Array.from({ length: 10 }, (_, n) => n));
    const outcomes = await lost;
    expect(outcomes.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ConnectionClosedError)).toBe(true);
    expect(rpc.pendingCalls).toBe(0);
  });
  it('sends a call made while the server is away once it is back: it was never written, so nothing was lost', async () => {
    const first = await start();
    const connection = await connect(first.url, true);
    using rpc = jsonRpcClient<Api>(connection);
    expect(await rpc.call({ method: 'echo', params: [1] })).toBe(1);
    await first.close();
    servers.length = 0;
    await waitFor(() => !connection.isConnected(), 2_000, 'the outage');
    const during = rpc.call({ method: 'echo', params: [2] });
    await start(first.port);
    expect(await within(during, 5_000, 'the call made during the outage')).toBe(2);
  });
});

describe('malformed answers', () => {
  it('reports an unknown id and rejects a wrong shape with SchemaError, without breaking the other calls', async () => {
    // A raw peer: `add` is answered right, `bad` with a string where the schema wants a number, and every request
    // also gets a stray answer with an id nobody uses, and a line that is not JSON.
    const raw = await startServer((socket) =>
      socket.on('message', (data) => {
        const request = JSON.parse(String(data)) as { id: number; method: string; params: [number, number] };
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: 999_999, result: 0 }));
        socket.send('{oops');
        const result = request.method === 'add' ? request.params[0] + request.params[1] : 'not a number';
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result }));
      }),
    );
    const problems: ProtocolError[] = [];
    const schemas = {
      add: { params: v.tuple([v.number(), v.number()]), result: v.number() },
      bad: { params: v.tuple([v.number(), v.number()]), result: v.number() },
    };
    try {
      using rpc = jsonRpcClient(await connect(raw.url), { schemas, onProblem: (problem) => problems.push(problem) });
      const [sum, bad] = await Promise.allSettled([
        rpc.call({ method: 'add', params: [1, 2] }),
        rpc.call({ method: 'bad', params: [1, 2] }),
      ]);
      expect(sum).toEqual({ status: 'fulfilled', value: 3 });
      expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(SchemaError);
      await waitFor(() => problems.length >= 4, 2_000, 'the problems');
      expect(new Set(problems.map((problem) => problem.reason))).toEqual(new Set(['unknownId', 'malformed']));
    } finally {
      await client.closeAll();
      await raw.close();
    }
  });

  it('rejects the call whose answer has neither result nor error', async () => {
    const raw = await startServer((socket) =>
      socket.on('message', (data) => socket.send(JSON.stringify({ jsonrpc: '2.0', id: (JSON.parse(String(data)) as { id: number }).id }))),
    );
    try {
      using rpc = jsonRpcClient<Api>(await connect(raw.url));
      await expect(rpc.call({ method: 'echo', params: [1] })).rejects.toMatchObject({ _tag: 'ProtocolError', reason: 'malformed' });
    } finally {
      await client.closeAll();
      await raw.close();
    }
  });
});

describe('a disposed client', () => {
  it('rejects its pending calls and stops reading', async () => {
    const server = await start();
    const rpc = jsonRpcClient<Api>(await connect(server.url));
    const pending = rpc.call({ method: 'hang' });
    rpc[Symbol.dispose]();
    await expect(pending).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(rpc.call({ method: 'echo', params: [1] })).rejects.toBeInstanceOf(ConnectionClosedError);
  });
});
