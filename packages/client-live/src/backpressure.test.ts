import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ID } from '@aws/client';
import { startFloodServer } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

const count = 40_000;
const size = 1024;

describe('receive backpressure', () => {
  const client = createLiveClient();
  let child: ChildProcess | undefined;
  afterEach(async () => {
    await client.closeAll();
    child?.kill();
  });

  it('a slow for-await consumer of a flooding server: bounded memory, stalled server, every frame in order', async () => {
    const server = await startFloodServer(count, size);
    child = server.child;
    const connection = await client.connect({
      id: ID(),
      url: `ws://127.0.0.1:${server.port}`,
      compression: false,
      receiveBuffer: { messages: 256, bytes: 1024 * 1024 },
    });
    const before = process.memoryUsage();
    let peakExternal = 0;
    let expected = 0;
    let outOfOrder = 0;
    for await (const frame of connection.frames) {
      if (frame.type !== 'message' || frame.message.type !== 'binary') continue;
      if (Buffer.from(frame.message.data.buffer, frame.message.data.byteOffset).readUInt32BE(0) !== expected) outOfOrder += 1;
      expected += 1;
      // Slower than the server: a pause every 100 messages.
      if (expected % 100 === 0) {
        peakExternal = Math.max(peakExternal, process.memoryUsage().arrayBuffers - before.arrayBuffers);
        await sleep(2);
      }
      if (expected === count) break;
    }
    const { stalls, maxBuffered } = await server.report;
    expect(expected).toBe(count);
    expect(outOfOrder).toBe(0);
    // The server's writes stalled: its buffer filled because TCP flow control reached it.
    expect(stalls).toBeGreaterThan(0);
    expect(maxBuffered).toBeGreaterThan(1024 * 1024);
    // 40 MiB went through; buffers held by this process stayed under 16 MiB (high water 1 MiB + socket chunks).
    expect(peakExternal).toBeLessThan(16 * 1024 * 1024);
    await connection.close();
  });
});
