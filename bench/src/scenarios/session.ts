import { Frame, ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { createLiveServer } from '@aws/server-live';
import { connectSession, sessionService } from '@aws/session';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { quantile, summarize, type Summary } from '../stats.js';

/**
 * Issue 14's benchmark: the same echo with sessions off (a plain connection of the live client to a plain service of
 * the live server) and on (`connectSession` to a `sessionService`), taking turns in the same run, in this process for
 * both sides alike. Throughput: `count` messages of `size` bytes sent back to back, until the last echo is back (a
 * session's sends resolve on the server's acknowledgement, a plain one's on write). Round trip: one message at a
 * time, send to echo. Overhead: the TCP bytes both ways of the session connection over the plain one's, per message
 * (headers, acknowledgements, the welcome), over the whole run.
 */
export interface SessionBenchConfig {
  readonly rounds: number;
  readonly count: number;
  readonly size: number;
  readonly roundTrips: number;
  readonly warmup: number;
}

export const sessionBenchConfig = { rounds: 10, count: 20_000, size: 64, roundTrips: 1_000, warmup: 500 } as const;
export const sessionBenchQuickConfig = { rounds: 1, count: 1_000, size: 64, roundTrips: 100, warmup: 20 } as const;

type Mode = 'plain' | 'session';

interface SessionBenchRow {
  readonly mode: Mode;
  readonly messagesPerSecond: Summary;
  readonly p50: number;
  readonly p99: number;
}

export interface SessionBenchResults {
  readonly rows: readonly SessionBenchRow[];
  /** Per round: the session's throughput over the plain one's (target ≥ 0.9), its p99 over the plain p99 (≤ 1.1). */
  readonly throughputRatio: Summary;
  readonly p99Ratio: Summary;
  /** TCP bytes the session added per data message (each echo is two: there and back), acknowledgements included. */
  readonly overheadBytesPerMessage: number;
  readonly size: number;
}

/** One side of the comparison: send a message, and be told of each echo. */
interface Side {
  send(text: string): Promise<void>;
  onEcho: (() => void) | undefined;
  close(): Promise<unknown>;
}

async function throughput(side: Side, count: number, payload: string): Promise<number> {
  let echoed = 0;
  const start = process.hrtime.bigint();
  const done = new Promise<void>((resolve) => {
    side.onEcho = () => {
      echoed += 1;
      if (echoed === count) resolve();
    };
  });
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) sends.push(side.send(payload));
  await Promise.all([done, ...sends]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  side.onEcho = undefined;
  return count / seconds;
}

async function roundTrips(side: Side, count: number, warmup: number, payload: string): Promise<number[]> {
  const one = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      side.onEcho = resolve;
      side.send(payload).catch(reject);
    });
  for (let i = 0; i < warmup; i += 1) await one();
  const micros: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = process.hrtime.bigint();
    await one();
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  side.onEcho = undefined;
  return micros;
}

/** Runs the comparison; `progress` gets a line per step. */
export async function runSessionBench(config: SessionBenchConfig, progress: (line: string) => void): Promise<SessionBenchResults> {
  const http = createServer();
  const sockets: Socket[] = [];
  http.on('connection', (socket) => void sockets.push(socket));
  const server = createLiveServer({ server: http });
  server.register('/plain', { received: (message, connection) => connection.send({ type: 'message', message }).catch(() => {}) });
  const service = sessionService(
    { received: (message, session) => void session.send({ type: 'message', message }).catch(() => {}) },
    { buffer: { overflow: 'wait' } },
  );
  server.register('/session', service);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = createLiveClient();
  try {
    const plainConnection = await client.connect({
      id: ID(),
      url: `${url}/plain`,
      sendQueue: { messages: config.count * 2, bytes: 1 << 30 },
    });
    const plainSocket = sockets.length - 1;
    const sessionConnection = await connectSession(client, { id: ID(), url: `${url}/session` }, { buffer: { overflow: 'wait' } });
    const sessionSocket = sockets.length - 1;
    const sides: Record<Mode, Side> = {
      plain: { send: (text) => plainConnection.send(Frame.text(text)), onEcho: undefined, close: () => plainConnection.close() },
      session: { send: (text) => sessionConnection.send(Frame.text(text)), onEcho: undefined, close: () => sessionConnection.close() },
    };
    plainConnection.frames.subscribe(() => sides.plain.onEcho?.());
    sessionConnection.frames.subscribe(() => sides.session.onEcho?.());
    const payload = 'x'.repeat(config.size);
    const order: Mode[] = ['plain', 'session'];
    const rates: Record<Mode, number[]> = { plain: [], session: [] };
    const times: Record<Mode, number[][]> = { plain: [], session: [] };
    for (const mode of order) await roundTrips(sides[mode], 0, config.warmup, payload);
    for (let round = 0; round < config.rounds; round += 1) {
      // Alternate which side goes first, so that neither always runs on a machine the other has just warmed.
      for (const mode of round % 2 === 0 ? order : [...order].reverse()) {
        rates[mode].push(await throughput(sides[mode], config.count, payload));
        times[mode].push(await roundTrips(sides[mode], config.roundTrips, 0, payload));
      }
    }
    const sorted = (values: readonly number[]): number[] => [...values].sort((x, y) => x - y);
    const row = (mode: Mode): SessionBenchRow => {
      const pooled = sorted(times[mode].flat());
      return { mode, messagesPerSecond: summarize(rates[mode]), p50: quantile(pooled, 0.5), p99: quantile(pooled, 0.99) };
    };
    const rows = [row('plain'), row('session')];
    const p99 = (micros: readonly number[]): number => quantile(sorted(micros), 0.99);
    const throughputRatio = summarize(rates.session.map((rate, i) => rate / (rates.plain[i] as number)));
    const p99Ratio = summarize(times.session.map((micros, i) => p99(micros) / p99(times.plain[i] as number[])));
    const wire = (index: number): number => (sockets[index]?.bytesRead ?? 0) + (sockets[index]?.bytesWritten ?? 0);
    // Each mode echoed the same messages: one data message each way per echo.
    const messages = 2 * (config.rounds * (config.count + config.roundTrips) + config.warmup);
    const overheadBytesPerMessage = (wire(sessionSocket) - wire(plainSocket)) / messages;
    for (const result of rows)
      progress(
        `session: ${result.mode} ${Math.round(result.messagesPerSecond.median)} msg/s, p50 ${result.p50.toFixed(1)} µs, p99 ${result.p99.toFixed(1)} µs`,
      );
    progress(`session: ${overheadBytesPerMessage.toFixed(1)} B of overhead per data message`);
    await sides.plain.close();
    await sides.session.close();
    return { rows, throughputRatio, p99Ratio, overheadBytesPerMessage, size: config.size };
  } finally {
    await client.closeAll();
    service[Symbol.dispose]();
    await server.close();
    await new Promise((resolve) => http.close(resolve));
  }
}
