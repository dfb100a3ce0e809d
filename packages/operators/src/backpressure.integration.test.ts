import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ID, iterate, pressureOf } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { startFloodServer } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { caseOf } from './case.js';
import { field } from './field.js';
import { json } from './json.js';
import { on } from './on.js';
import { success } from './success.js';

const count = 20_000;
const size = 1024;

describe('for await over an operator chain', () => {
  const client = createLiveClient();
  let child: ChildProcess | undefined;
  afterEach(async () => {
    await client.closeAll();
    child?.kill();
  });

  it('slows the socket down as for await over the frames does: bounded memory, stalled server, all in order', async () => {
    const server = await startFloodServer(count, size);
    child = server.child;
    const connection = await client.connect({
      id: ID(),
      url: `ws://127.0.0.1:${server.port}`,
      compression: false,
      receiveBuffer: { messages: 256, bytes: 1024 * 1024 },
    });
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let expected = 0;
    let outOfOrder = 0;
    for await (const data of iterate(connection.frames.pipe(on('message.binary')))) {
      if (Buffer.from(data.buffer, data.byteOffset).readUInt32BE(0) !== expected) outOfOrder += 1;
      expected += 1;
      // Slower than the server: a pause every 100 messages.
      if (expected % 100 === 0) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
        await sleep(2);
      }
      if (expected === count) break;
    }
    const { stalls } = await server.report;
    expect(outOfOrder).toBe(0);
    // TCP flow control reached the server: the loop's queue paused the socket (without it, the client read all
    // 20 MiB into memory at once and the server never waited).
    expect(stalls).toBeGreaterThan(0);
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  });

  it('the typed pipeline (success, caseOf, field) and json pass the frame stream’s pressure on', async () => {
    const id = ID();
    client.open({ id, url: 'ws://127.0.0.1:9' });
    const frames = client.receive(id);
    const pressure = pressureOf(frames);
    expect(pressure).toBeDefined();
    type Tick = { type: 'tick'; seq: number };
    expect(pressureOf(frames.pipe(success<Tick>(), caseOf('tick'), field('seq')))).toBe(pressure);
    expect(pressureOf(frames.pipe(json<Tick>()))).toBe(pressure);
    expect(pressureOf(frames.pipe(on('message.text')))).toBe(pressure);
    await client.close(id);
  });
});
