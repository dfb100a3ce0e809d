import { Frame, ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { connectSession } from './client-session.js';
import type { ServerSession } from './server-session.js';
import { sessionService } from './session-service.js';

// The probe of issue 14 as a test: numbered messages both ways while the server kills its socket 50 times (a
// `drop`: no close frame, the client sees 1006), some of them right after the client came back. Without sessions,
// thousands of these were lost; with them, none may be lost, duplicated or reordered, and every send settles.
//
// With permessage-deflate, `ws` moves every message through its zlib queue (plain connections as much: 20,000 each
// way take about 7 s without sessions, against 1.8 s uncompressed), so that run is the slow one: about 25 s on two
// quiet cores. Both keep the 100,000 of the probe; the timeouts leave room for a loaded machine.
const kills = 50;

/** Checks that `got` is exactly 0, 1, ..., n - 1 and says what is wrong otherwise. */
function defects(got: readonly number[], n: number): { lost: number; duplicated: number; outOfOrder: number } {
  const seen = new Set<number>();
  let duplicated = 0;
  let outOfOrder = 0;
  let last = -1;
  for (const value of got) {
    if (seen.has(value)) duplicated += 1;
    else seen.add(value);
    if (value <= last) outOfOrder += 1;
    last = value;
  }
  let lost = 0;
  for (let i = 0; i < n; i += 1) if (!seen.has(i)) lost += 1;
  return { lost, duplicated, outOfOrder };
}

async function probe(compression: boolean, count: number): Promise<void> {
  const baseline = activeHandles();
  const server = createLiveServer();
  const serverGot: number[] = [];
  const clientGot: number[] = [];
  const settled = { server: { resolved: 0, rejected: 0 }, client: { resolved: 0, rejected: 0 } };
  let killed = 0;
  let resumes = 0;
  let live: ServerSession | undefined;
  // Kills spread evenly over the progress of both directions; every fifth one waits for the next resumption and
  // kills its socket at once, before the client has read the welcome or the messages sent again.
  const step = Math.floor((2 * count) / (kills + 5));
  let next = step;
  let killOnResume = false;
  const kill = (session: ServerSession | undefined): void => {
    if (killed >= kills || session?.connection === undefined) return;
    killed += 1;
    if (killed % 5 === 4) killOnResume = true;
    void session.connection.drop();
  };
  const progress = (): void => {
    if (serverGot.length + clientGot.length >= next) {
      next += step;
      kill(live);
    }
  };
  const service = sessionService(
    {
      options: { compression },
      connected: (session) => {
        live = session;
        for (let i = 0; i < count; i += 1) {
          session.send(Frame.text(String(i))).then(
            () => void (settled.server.resolved += 1),
            () => void (settled.server.rejected += 1),
          );
        }
      },
      resumed: (session) => {
        resumes += 1;
        if (killOnResume) {
          killOnResume = false;
          kill(session);
        }
      },
      received: (message) => {
        if (message.type === 'text') serverGot.push(Number(message.text));
        progress();
      },
    },
    { buffer: { overflow: 'wait' }, grace: 10_000 },
  );
  server.register('/probe', service);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = createLiveClient();
  const extensions: string[] = [];
  const session = await within(
    connectSession(
      client,
      { id: ID(), url: `${url}/probe`, compression, reconnect: { minDelay: 1, maxDelay: 20, minUptime: 0 } },
      { buffer: { overflow: 'wait' } },
    ),
    5_000,
    'the session',
  );
  session.status.subscribe((status) => {
    if (status.type === 'connected') extensions.push(status.extensions);
  });
  session.frames.subscribe((frame) => {
    if (frame.type === 'message' && frame.message.type === 'text') clientGot.push(Number(frame.message.text));
    progress();
  });
  for (let i = 0; i < count; i += 1) {
    session.send(Frame.text(String(i))).then(
      () => void (settled.client.resolved += 1),
      () => void (settled.client.rejected += 1),
    );
  }
  await waitFor(
    () => settled.client.resolved + settled.client.rejected === count && settled.server.resolved + settled.server.rejected === count,
    120_000,
    'every send to settle',
  ).catch((error: unknown) => {
    const state = { settled, server: serverGot.length, client: clientGot.length, killed, resumes, unacknowledged: session.unacknowledged };
    throw new Error(`${String(error)}: ${JSON.stringify(state)}`);
  });
  await waitFor(() => serverGot.length >= count && clientGot.length >= count, 5_000, 'every message');
  expect({ killed, resumesAtLeast: resumes >= kills }).toEqual({ killed: kills, resumesAtLeast: true });
  expect(defects(serverGot, count)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  expect(defects(clientGot, count)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
  expect(settled).toEqual({ server: { resolved: count, rejected: 0 }, client: { resolved: count, rejected: 0 } });
  expect(serverGot).toHaveLength(count);
  expect(clientGot).toHaveLength(count);
  if (compression) expect(extensions.every((value) => value.includes('permessage-deflate'))).toBe(true);
  await session.close();
  await client.closeAll();
  service[Symbol.dispose]();
  await server.close();
  expect(await settledHandles(baseline)).toEqual({});
}

describe('the loss probe: 100,000 numbered messages each way, 50 kills of the server socket', () => {
  it('loses, duplicates and reorders nothing, and settles every send', { timeout: 150_000 }, () => probe(false, 100_000));
  it('the same with permessage-deflate', { timeout: 150_000 }, () => probe(true, 100_000));
});
