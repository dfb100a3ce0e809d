import { activeHandles, settledHandles, waitFor } from '@aws/test-utils';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { beforeWrite, flushTurn, heldWithRoom, type TurnWriter } from './turn-cork.js';

/** A TCP server on 127.0.0.1 that keeps what it reads, and a client socket connected to it. */
async function pair(): Promise<{ server: Server; client: Socket; received: () => string }> {
  let text = '';
  const server = createServer((socket) => socket.on('data', (chunk) => void (text += chunk.toString())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  return { server, client, received: () => text };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let open: { server: Server; client: Socket } | undefined;
afterEach(async () => {
  const left = open;
  open = undefined;
  if (left === undefined) return;
  left.client.destroy();
  await new Promise((resolve) => left.server.close(resolve));
});

describe('beforeWrite', () => {
  it("writes a server socket's first frame of a turn at once and holds the rest until the loop's pass ends, in order", async () => {
    const baseline = activeHandles();
    const { server, client, received } = (open = await pair());
    const writer: TurnWriter = { lastTurn: -1, accepted: true };
    const written: string[] = [];
    for (const part of ['a', 'b', 'c']) {
      beforeWrite(writer, client, 1);
      client.write(part, () => written.push(part));
    }
    // 'a' went to the kernel; one cork holds 'b' and 'c'.
    expect(client.writableCorked).toBe(1);
    expect(client.writableLength).toBe(2);
    // The turn lasts past its ticks and promise jobs (a serial handler's next send comes from one)...
    await new Promise((resolve) => process.nextTick(resolve));
    await Promise.resolve();
    expect(client.writableCorked).toBe(1);
    // ...and ends in the event loop's check phase.
    await nextTurn();
    expect(client.writableCorked).toBe(0);
    await waitFor(() => received() === 'abc', 2_000, 'the three writes');
    expect(written).toEqual(['a', 'b', 'c']);
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
    open = undefined;
    expect(await settledHandles(baseline)).toEqual({});
  });

  it("ends a client socket's turn at the next tick", async () => {
    const { client, received } = (open = await pair());
    const writer: TurnWriter = { lastTurn: -1, accepted: false };
    for (const part of ['a', 'b']) {
      beforeWrite(writer, client, 1);
      client.write(part);
    }
    expect(client.writableCorked).toBe(1);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(client.writableCorked).toBe(0);
    // The next tick is a new turn: its first frame goes out at once.
    beforeWrite(writer, client, 1);
    client.write('c');
    expect(client.writableCorked).toBe(0);
    await waitFor(() => received() === 'abc', 2_000, 'the three writes');
  });

  it('holds nothing for a socket that writes one frame per turn', async () => {
    const { client, received } = (open = await pair());
    const writer: TurnWriter = { lastTurn: -1, accepted: false };
    for (const part of ['x', 'y', 'z']) {
      beforeWrite(writer, client, 1);
      client.write(part);
      expect(client.writableCorked).toBe(0);
      await nextTurn();
    }
    await waitFor(() => received() === 'xyz', 2_000, 'the three writes');
  });

  it('lets flushTurn write what it holds before a socket is destroyed', async () => {
    const { client, received } = (open = await pair());
    const writer: TurnWriter = { lastTurn: -1, accepted: false };
    for (const part of ['kept', '!']) {
      beforeWrite(writer, client, 1);
      client.write(part);
    }
    expect(client.writableCorked).toBe(1);
    flushTurn(client);
    expect(client.writableCorked).toBe(0);
    client.destroy();
    await waitFor(() => received() === 'kept!', 2_000, 'the writes before destroy');
    // The turn's own uncork finds nothing left to undo.
    await nextTurn();
    expect(client.writableCorked).toBe(0);
  });

  it('writes a large frame at once, after what the turn held', async () => {
    const { client, received } = (open = await pair());
    const writer: TurnWriter = { lastTurn: -1, accepted: false };
    beforeWrite(writer, client, 1);
    client.write('a');
    beforeWrite(writer, client, 1);
    client.write('b');
    expect(client.writableCorked).toBe(1);
    const large = 'L'.repeat(8192);
    beforeWrite(writer, client, large.length);
    expect(client.writableCorked).toBe(0);
    client.write(large);
    await waitFor(() => received() === `ab${large}`, 2_000, 'the held frames, then the large one');
  });

  it('leaves alone a socket that is missing or destroyed', async () => {
    const writer: TurnWriter = { lastTurn: -1, accepted: false };
    for (const socket of [undefined, null, undefined]) expect(() => beforeWrite(writer, socket, 1)).not.toThrow();
    const { client } = (open = await pair());
    client.destroy();
    beforeWrite(writer, client, 1);
    beforeWrite(writer, client, 1);
    expect(client.writableCorked).toBe(0);
  });
});

describe('heldWithRoom', () => {
  it('is true only for a write the turn holds, with room under the high-water mark', async () => {
    const { client } = (open = await pair());
    const writer: TurnWriter = { lastTurn: -1, accepted: true };
    beforeWrite(writer, client, 1);
    // The first write of a turn goes to the kernel: nothing holds it.
    expect(heldWithRoom(client, 1)).toBe(false);
    client.write('a');
    beforeWrite(writer, client, 1);
    expect(heldWithRoom(client, 1)).toBe(true);
    client.write('b');
    // Past the high-water mark (16 KiB for a net socket) with what the cork already holds: not with room.
    expect(heldWithRoom(client, client.writableHighWaterMark)).toBe(false);
    expect(heldWithRoom(client, client.writableHighWaterMark - client.writableLength)).toBe(true);
    await nextTurn();
    expect(heldWithRoom(client, 1)).toBe(false);
  });
});
