import { Frame, HandshakeFailedError, ID, type Message } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, startEchoServer, startServer, waitFor, within } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectSession, openSession, type SessionStatus } from './client-session.js';
import { SessionUnsupportedError } from './errors.js';
import type { ServerSession, SessionEnd } from './server-session.js';
import { sessionService } from './session-service.js';

// A session-aware side meeting a plain one, both ways: it falls back or refuses, as configured.
const text = (message: Message): string => (message.type === 'text' ? message.text : 'binary');
let baseline: Record<string, number>;
beforeEach(() => {
  baseline = activeHandles();
});
afterEach(async () => {
  expect(await settledHandles(baseline)).toEqual({});
});

describe('a session client and a plain server', () => {
  it('refuses by default: no welcome in time → sessionUnsupported, the connection closed, connectSession rejects', async () => {
    await using peer = await startEchoServer();
    const client = createLiveClient();
    const session = openSession(client, { id: ID(), url: peer.url }, { welcomeTimeout: 100 });
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    const pending = session.send(Frame.text('never sent')).catch((error: unknown) => error);
    await waitFor(() => statuses.at(-1)?.type === 'didClose', 2_000, 'the end');
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'connected', 'sessionUnsupported', 'didClose']);
    expect(await pending).toBeInstanceOf(SessionUnsupportedError);
    expect(peer.sockets[0]?.request.url).toBe('/?aws-session=v1');
    const outcome = await connectSession(client, { id: ID(), url: peer.url }, { welcomeTimeout: 100 }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(SessionUnsupportedError);
    await client.closeAll();
  });

  it("falls back with plainServer 'fallback': what waited is sent plain, and the echo comes back untouched", async () => {
    await using peer = await startEchoServer();
    const client = createLiveClient();
    const session = await within(
      connectSession(client, { id: ID(), url: peer.url }, { plainServer: 'fallback', welcomeTimeout: 100 }),
      2_000,
      'the fallback',
    );
    expect(session.mode).toBe('plain');
    const got: string[] = [];
    session.frames.subscribe((frame) => frame.type === 'message' && got.push(text(frame.message)));
    await session.send(Frame.text('D1.0|looks like a session message'));
    await waitFor(() => got.length === 1, 2_000, 'the echo');
    expect(got).toEqual(['D1.0|looks like a session message']);
    await session.close();
    await client.closeAll();
  });

  it('a plain server that speaks first: its message is delivered as it is after the fallback', async () => {
    await using peer = await startServer((socket) => socket.send('hello'));
    const client = createLiveClient();
    const session = await connectSession(client, { id: ID(), url: peer.url }, { plainServer: 'fallback' });
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    const got: string[] = [];
    session.frames.subscribe((frame) => frame.type === 'message' && got.push(text(frame.message)));
    expect(got).toEqual(['hello']);
    expect(statuses).toEqual([{ type: 'plain', reason: 'its first message is not a welcome' }]);
    await session.close();
    await client.closeAll();
  });
});

describe('a plain client and a session service', () => {
  it('is refused with HTTP 400 by default', async () => {
    const server = createLiveServer();
    server.register('/s', sessionService({}));
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const outcome = await client.connect({ id: ID(), url: `${url}/s` }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(HandshakeFailedError);
    expect(outcome).toMatchObject({ status: 400 });
    await client.closeAll();
    await server.close();
  });

  it("is served plain with plainClients 'accept': no welcome, no header, sends resolve on write", async () => {
    const server = createLiveServer();
    const seen: Array<{ mode: string }> = [];
    const ends: SessionEnd[] = [];
    server.register(
      '/s',
      sessionService(
        {
          connected: (session: ServerSession) => void seen.push({ mode: session.mode }),
          received: (message, session) => session.send({ type: 'message', message }),
          disconnected: (_session, end) => void ends.push(end),
        },
        { plainClients: 'accept' },
      ),
    );
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const connection = await client.connect({ id: ID(), url: `${url}/s` });
    const got: string[] = [];
    connection.frames.subscribe((frame) => frame.type === 'message' && got.push(text(frame.message)));
    await connection.send(Frame.text('plain'));
    await waitFor(() => got.length === 1, 2_000, 'the echo');
    expect(got).toEqual(['plain']);
    expect(seen).toEqual([{ mode: 'plain' }]);
    await connection.close();
    await waitFor(() => ends.length === 1, 2_000, 'the end');
    expect(ends).toEqual([{ type: 'closed', code: 1000, reason: '' }]);
    await client.closeAll();
    await server.close();
  });

  it('refuses an unknown protocol version with 400', async () => {
    const server = createLiveServer();
    server.register('/s', sessionService({}, { plainClients: 'accept' }));
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const outcome = await client.connect({ id: ID(), url: `${url}/s?aws-session=v9` }).catch((error: unknown) => error);
    expect(outcome).toMatchObject({ _tag: 'HandshakeFailedError', status: 400 });
    await client.closeAll();
    await server.close();
  });
});
