import { Frame, ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, startServer, waitFor, within } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectSession, type SessionStatus } from './client-session.js';
import { SessionBufferFullError } from './errors.js';
import type { ServerSession } from './server-session.js';
import { sessionService } from './session-service.js';

// A peer that never acknowledges: what a side keeps for it is bounded by its buffer options, and the overflow
// policy decides what a send does past them.
const settle = (promise: Promise<void>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
let baseline: Record<string, number>;
beforeEach(() => {
  baseline = activeHandles();
});
afterEach(async () => {
  expect(await settledHandles(baseline)).toEqual({});
});

/** A `ws` server that welcomes every client into a session, then never says anything again. */
const silentSessionServer = () => startServer((socket) => socket.send('W1|silent|0|n'));

describe('the unacknowledged buffer under a peer that never acknowledges', () => {
  it('on the client: bounded in messages and bytes, the rest refused typed', async () => {
    await using peer = await silentSessionServer();
    const client = createLiveClient();
    const session = await connectSession(client, { id: ID(), url: peer.url }, { buffer: { messages: 8, bytes: 64 } });
    const sends = Array.from({ length: 12 }, (_, i) => settle(session.send(Frame.text(`m${i}`))));
    expect(await Promise.all(sends.slice(8))).toEqual(Array.from({ length: 4 }, () => expect.any(SessionBufferFullError)));
    expect(session.unacknowledged).toBe(8);
    expect(await settle(session.send(Frame.binary(new Uint8Array(100))))).toBeInstanceOf(SessionBufferFullError);
    await session.close();
    expect(await Promise.all(sends.slice(0, 8))).toEqual(
      Array.from({ length: 8 }, () => expect.objectContaining({ _tag: 'SessionClosedError' })),
    );
    await client.closeAll();
  });

  it("on the client with overflow 'close': the session ends, every pending send rejects typed", async () => {
    await using peer = await silentSessionServer();
    const client = createLiveClient();
    const session = await connectSession(client, { id: ID(), url: peer.url }, { buffer: { messages: 2, overflow: 'close' } });
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    const sends = [0, 1, 2].map((i) => settle(session.send(Frame.text(`m${i}`))));
    expect(await within(Promise.all(sends), 2_000, 'the sends')).toEqual([
      expect.objectContaining({ reason: 'overflow' }),
      expect.objectContaining({ reason: 'overflow' }),
      expect.objectContaining({ reason: 'overflow' }),
    ]);
    await waitFor(() => statuses.at(-1)?.type === 'didClose', 2_000, 'the end');
    expect(statuses.at(-1)).toMatchObject({ type: 'didClose', code: 1008 });
    await client.closeAll();
  });

  it('a client application that does not read yet: nothing is acknowledged, the server buffer holds it back', async () => {
    let live: ServerSession | undefined;
    const server = createLiveServer();
    server.register('/s', sessionService({ connected: (session) => void (live = session) }, { buffer: { messages: 10 } }));
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const session = await connectSession(client, { id: ID(), url: `${url}/s` });
    const sends = Array.from({ length: 30 }, (_, i) => settle((live as ServerSession).send(Frame.text(`m${i}`))));
    expect((await Promise.all(sends.slice(10))).every((outcome) => outcome instanceof SessionBufferFullError)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live?.unacknowledged).toBe(10);
    const got: string[] = [];
    const take = () =>
      session.frames.subscribe((frame) => frame.type === 'message' && frame.message.type === 'text' && got.push(frame.message.text));
    const first = take();
    expect(await within(Promise.all(sends.slice(0, 10)), 2_000, 'the acknowledgements')).toEqual(
      Array.from({ length: 10 }, () => 'resolved'),
    );
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(live?.unacknowledged).toBe(0);
    // Between two subscribers, frames wait again, unacknowledged, for the next one: none is lost.
    first.unsubscribe();
    const later = settle((live as ServerSession).send(Frame.text('later')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(live?.unacknowledged).toBe(1);
    take();
    expect(await within(later, 2_000, 'the acknowledgement')).toBe('resolved');
    expect(got.at(-1)).toBe('later');
    await session.close();
    await client.closeAll();
    await server.close();
  });

  it('on the server: bounded per session, and a client that never acknowledges costs no more', async () => {
    let live: ServerSession | undefined;
    const server = createLiveServer();
    const service = sessionService({ connected: (session) => void (live = session) }, { buffer: { messages: 16, bytes: 1024 } });
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    // A plain client that asks for a session and then ignores the protocol: it never acknowledges.
    const connection = await client.connect({ id: ID(), url: `${url}/s?aws-session=v1` });
    await waitFor(() => live !== undefined, 2_000, 'the session');
    const session = live as ServerSession;
    const sends = Array.from({ length: 100 }, (_, i) => settle(session.send(Frame.text(`m${i}`))));
    const refused = (await Promise.all(sends.slice(16))).filter((outcome) => outcome instanceof SessionBufferFullError);
    expect(refused).toHaveLength(84);
    expect(session.unacknowledged).toBe(16);
    await connection.close();
    expect(await Promise.all(sends.slice(0, 16))).toEqual(
      Array.from({ length: 16 }, () => expect.objectContaining({ _tag: 'SessionClosedError' })),
    );
    await client.closeAll();
    await server.close();
  });
});
