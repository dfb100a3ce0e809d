import { Frame, ID, type CloseInfo } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { accept } from '@aws/server';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, startServer, waitFor, within } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectSession, openSession, type SessionStatus } from './client-session.js';
import type { SessionEnd } from './server-session.js';
import { sessionService } from './session-service.js';

// Peers that break the protocol, and limits: typed outcomes, a close with a code, nothing thrown, nothing leaked.
let baseline: Record<string, number>;
beforeEach(() => {
  baseline = activeHandles();
});
afterEach(async () => {
  expect(await settledHandles(baseline)).toEqual({});
});

async function sessionServer(options: Parameters<typeof sessionService>[1] = {}) {
  const ends: SessionEnd[] = [];
  const server = createLiveServer();
  const service = sessionService({ disconnected: (_session, end) => void ends.push(end) }, options);
  server.register('/s', service);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}/s`, ends, close: () => server.close() };
}

describe('a client that breaks the protocol', () => {
  it.each([
    ['a message outside the protocol', 'hello'],
    ['an acknowledgement of what was never sent', 'A5'],
    ['a data message with a malformed header', 'D1.zz'],
  ])('%s: the session ends (protocol), the socket closes with 1002', async (_what, text) => {
    const server = await sessionServer();
    const client = createLiveClient();
    const connection = await client.connect({ id: ID(), url: `${server.url}?aws-session=v1` });
    const closed = new Promise<CloseInfo>((resolve) =>
      connection.status.subscribe((status) => status.type === 'didClose' && resolve(status)),
    );
    await connection.send(Frame.text(text));
    expect(await within(closed, 2_000, 'the close')).toMatchObject({ code: 1002 });
    await waitFor(() => server.ends.length === 1, 2_000, 'the end');
    expect(server.ends[0]).toMatchObject({ type: 'protocol' });
    await client.closeAll();
    await server.close();
  });

  it.each([
    ['a received count that is no number', 'abc'],
    ['more received than the server sent', '7'],
  ])('resuming with %s: that socket is closed with 1002, the session carries on', async (_what, received) => {
    const server = await sessionServer();
    const client = createLiveClient();
    const live = await connectSession(client, { id: ID(), url: server.url });
    const liveId = live.sessionId as string;
    const rogue = await client.connect({
      id: ID(),
      url: `${server.url}?aws-session=v1&aws-session-id=${liveId}&aws-session-received=${received}`,
    });
    const closed = await within(
      new Promise<CloseInfo>((resolve) => rogue.status.subscribe((status) => status.type === 'didClose' && resolve(status))),
      2_000,
      'the close',
    );
    expect(closed.code).toBe(1002);
    expect(live.isConnected()).toBe(true);
    await within(live.send(Frame.text('still here')), 2_000, 'a send on the session');
    expect(server.ends).toEqual([]);
    await client.closeAll();
    await server.close();
  });
});

describe('resuming somebody else’s session', () => {
  it('mayResume false: that socket gets a fresh session, the session it named carries on', async () => {
    const server = createLiveServer();
    const service = sessionService({
      upgrade: (request) => accept({ user: request.headers['x-user'] ?? '' }),
      mayResume: (session, context) => session.context.user === context.user,
    });
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const ada = await connectSession(client, { id: ID(), url: `${url}/s`, headers: { 'x-user': 'ada' } });
    const eve = await client.connect({
      id: ID(),
      url: `${url}/s?aws-session=v1&aws-session-id=${ada.sessionId}&aws-session-received=0`,
      headers: { 'x-user': 'eve' },
    });
    const welcome = await within(
      new Promise<string>((resolve) =>
        eve.frames.subscribe((frame) => frame.type === 'message' && frame.message.type === 'text' && resolve(frame.message.text)),
      ),
      2_000,
      'the welcome',
    );
    expect(welcome).toMatch(/^W1\|[^|]+\|0\|l$/);
    expect(welcome).not.toContain(ada.sessionId as string);
    expect(ada.isConnected()).toBe(true);
    await within(ada.send(Frame.text('still mine')), 2_000, 'a send on the session');
    expect(service.sessions()).toHaveLength(2);
    await client.closeAll();
    await server.close();
  });
});

describe('a server that breaks the protocol', () => {
  it('garbage after the welcome: the client closes with 1002, its pending send rejects typed', async () => {
    await using peer = await startServer((socket) => {
      socket.send('W1|s|0|n');
      socket.on('message', () => socket.send('D9.0|out of the blue, and a gap'));
      setTimeout(() => socket.send('not the protocol'), 50);
    });
    const client = createLiveClient();
    const session = openSession(client, { id: ID(), url: peer.url, reconnect: false });
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    const pending = session.send(Frame.text('x')).catch((error: unknown) => error);
    await waitFor(() => statuses.at(-1)?.type === 'didClose', 2_000, 'the end');
    expect(statuses.at(-1)).toMatchObject({ type: 'didClose', code: 1002 });
    expect(await pending).toMatchObject({ _tag: 'SessionClosedError', reason: 'protocol' });
    await client.closeAll();
  });
});

describe('limits', () => {
  it('maxSessions: a session past it is refused with HTTP 503', async () => {
    const server = await sessionServer({ maxSessions: 1 });
    const client = createLiveClient();
    const first = await connectSession(client, { id: ID(), url: server.url });
    const second = await connectSession(client, { id: ID(), url: server.url, reconnect: false }).catch((error: unknown) => error);
    expect(second).toMatchObject({ _tag: 'HandshakeFailedError', status: 503 });
    await first.close();
    await waitFor(() => server.ends.length === 1, 2_000, 'the end');
    const third = await connectSession(client, { id: ID(), url: server.url, reconnect: false });
    expect(third.mode).toBe('session');
    await client.closeAll();
    await server.close();
  });

  it.each([
    ['', 'EmptyUrlError'],
    ['http://127.0.0.1:1', 'InvalidUrlError'],
    ['not a url', 'InvalidUrlError'],
    ['ws://127.0.0.1:1/x#fragment', 'InvalidUrlError'],
  ])("a bad url %j: the client's own typed error, at once", async (url, tag) => {
    const client = createLiveClient();
    const started = Date.now();
    expect(() => openSession(client, { id: ID(), url })).toThrow(expect.objectContaining({ _tag: tag }));
    const outcome = await connectSession(client, { id: ID(), url }).catch((error: unknown) => error);
    expect(outcome).toMatchObject({ _tag: tag });
    expect(Date.now() - started).toBeLessThan(1_000);
    await client.closeAll();
  });

  it('bad options throw a RangeError at once', () => {
    const client = createLiveClient();
    expect(() => openSession(client, { id: ID(), url: 'ws://127.0.0.1:1' }, { buffer: { messages: 0 } })).toThrow(RangeError);
    expect(() => sessionService({}, { ackEvery: 0 })).toThrow(RangeError);
  });
});
