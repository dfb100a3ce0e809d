import { Frame, ID, type Connection } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { success } from '@aws/operators';
import { jsonRpcClient } from '@aws/rpc';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { filter, firstValueFrom } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import { quantile, summarize, type Summary } from '../stats.js';

/**
 * Issue 13's benchmark: the round trip of a typed `@aws/rpc` call (`jsonRpcClient(...).call`) against a hand-written
 * JSON-RPC request over raw `ws` (send, then filter the messages for the answer's id) and the same hand-written
 * request on the live client (`send`, then `success()` and `filter` on its frames: what the rpc layer itself adds is
 * the difference), taking turns in short batches against the same raw `ws` JSON-RPC responder; then the memory of 10,000 calls in flight at once (a method
 * the responder never answers), per pending call. Client and responder share this process, for both sides alike.
 */
export interface RpcCallConfig {
  /** Each round times one batch of `count` calls per side. */
  readonly rounds: number;
  readonly count: number;
  /** Untimed calls per side before the first round, and at the start of every batch. */
  readonly warmup: number;
  readonly batchWarmup: number;
  /** Calls in flight for the memory measurement. */
  readonly pending: number;
}

export const rpcCallConfig = { rounds: 20, count: 1_000, warmup: 2_000, batchWarmup: 50, pending: 10_000 } as const;
export const rpcCallQuickConfig = { rounds: 2, count: 100, warmup: 50, batchWarmup: 10, pending: 10_000 } as const;

/** One side of the round trip: p50 and p99 of the pooled rounds (µs), with the p99 ratio to raw ws per round. */
interface RpcCallRow {
  readonly client: 'ws-raw' | 'live-filter' | 'rpc-call';
  readonly p50: number;
  readonly p99: number;
  readonly p99Ratio: Summary;
}

export interface RpcCallResults {
  readonly roundTrip: readonly RpcCallRow[];
  /** Heap + external growth per pending call, bytes. */
  readonly bytesPerPendingCall: number;
  readonly pending: number;
}

interface Api {
  echo: { params: [number]; result: number };
  never: { params: undefined; result: never };
}

/** The responder: a raw `ws` server answering `echo` with its first param, and `never` never. */
async function startResponder(): Promise<{ url: string; close: () => Promise<void> }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) =>
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: number; method: string; params?: [number] };
      if (request.method === 'echo') socket.send(`{"jsonrpc":"2.0","id":${request.id},"result":${request.params?.[0] ?? 0}}`);
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** The same hand-written call on the project's live client: send, then filter its frames for the answer's id. */
function liveCaller(connection: Connection): (n: number) => Promise<number> {
  let nextId = 1;
  const answers = connection.frames.pipe(success<{ id: number; result: number }>());
  return (n) => {
    const id = nextId++;
    const answer = firstValueFrom(answers.pipe(filter((message) => message.id === id)));
    void connection.send(Frame.text(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: [n], id })));
    return answer.then((message) => message.result);
  };
}

/** The hand-written call: a request with the next id, answered by the first message carrying that id. */
async function rawCaller(url: string): Promise<{ call: (n: number) => Promise<number>; close: () => void }> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  const call = (n: number): Promise<number> =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData): void => {
        const answer = JSON.parse(String(data)) as { id: number; result: number };
        if (answer.id !== id) return;
        socket.off('message', onMessage);
        resolve(answer.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: [n], id }));
    });
  return { call, close: () => socket.close() };
}

async function timeBatch(call: (n: number) => Promise<number>, warmup: number, count: number): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await call(i);
  const micros: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await call(i);
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return micros;
}

// A full collection before each reading, also when the process was started without --expose-gc.
const collect = (): (() => void) => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
};

const heap = (): number => {
  collect()();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};

/** Runs both measurements; `progress` gets a line per step. */
export async function runRpcCall(config: RpcCallConfig, progress: (line: string) => void): Promise<RpcCallResults> {
  const responder = await startResponder();
  const client = createLiveClient();
  try {
    const raw = await rawCaller(responder.url);
    const rpc = jsonRpcClient<Api>(await client.connect({ id: ID(), url: responder.url }), { timeout: Number.POSITIVE_INFINITY });
    const typed = (n: number): Promise<number> => rpc.call({ method: 'echo', params: [n] });
    const live = liveCaller(await client.connect({ id: ID(), url: responder.url }));
    const sides = { raw: raw.call, live, typed } as const;
    type Side = keyof typeof sides;
    const order: Side[] = ['raw', 'live', 'typed'];
    for (const side of order) await timeBatch(sides[side], config.warmup, 0);
    const rounds: Record<Side, number[]>[] = [];
    for (let round = 0; round < config.rounds; round += 1) {
      // Rotate which side goes first, so that none always runs on a machine another has just warmed.
      const times = { raw: [], live: [], typed: [] } as Record<Side, number[]>;
      for (let turn = 0; turn < order.length; turn += 1) {
        const side = order[(round + turn) % order.length] as Side;
        times[side] = await timeBatch(sides[side], config.batchWarmup, config.count);
      }
      rounds.push(times);
    }
    const p99 = (micros: readonly number[]): number =>
      quantile(
        [...micros].sort((x, y) => x - y),
        0.99,
      );
    const row = (client: RpcCallRow['client'], side: Side): RpcCallRow => {
      const pooled = rounds.flatMap((r) => r[side]).sort((x, y) => x - y);
      const perRound = rounds.map((r) => p99(r[side]) / p99(r.raw));
      return { client, p50: quantile(pooled, 0.5), p99: quantile(pooled, 0.99), p99Ratio: summarize(perRound) };
    };
    const roundTrip = [row('ws-raw', 'raw'), row('live-filter', 'live'), row('rpc-call', 'typed')];
    for (const result of roundTrip) progress(`rpc: ${result.client} p50 ${result.p50.toFixed(1)} µs, p99 ${result.p99.toFixed(1)} µs`);
    raw.close();

    // Memory: `pending` calls that will never be answered, then the connection closed, which rejects them all.
    const before = heap();
    const pending = Array.from({ length: config.pending }, () => rpc.call({ method: 'never' }).catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const bytesPerPendingCall = (heap() - before) / config.pending;
    progress(`rpc: ${config.pending.toLocaleString('en-US')} pending calls, ${bytesPerPendingCall.toFixed(0)} B each`);
    await client.closeAll();
    await Promise.all(pending);
    return { roundTrip, bytesPerPendingCall, pending: config.pending };
  } finally {
    await client.closeAll();
    await responder.close();
  }
}
