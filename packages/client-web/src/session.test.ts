import { Frame, ID, InvalidCloseCodeError } from '@aws/client';
import { accept, refuse } from '@aws/server';
import { createLiveServer } from '@aws/server-live';
import {
  connectSession,
  openSession,
  sessionService,
  SessionLostError,
  SessionUnsupportedError,
  type ServerSession,
  type SessionStatus,
} from '@aws/session';
import { activeHandles, settledHandles, startEchoServer, startServer, waitFor, within } from '@aws/test-utils';
import { WebSocket } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientProbe, defects } from './testing/session-probe.js';
import { probeServer } from './testing/session-server.js';
import { createWebClient } from './web-client.js';

// Issue 14's sessions on the web client: the same guarantee as on the live client (every message once, in order,
// across the server's drops; sessionLost after an expiry), with undici's WHATWG WebSocket on Node here, in headless
// Chromium in session-browser.test.ts. The server is the project's, on Node.
const web = () => createWebClient({ WebSocket });
let baseline: Record<string, number>;
beforeEach(() => {
  baseline = activeHandles();
});
afterEach(async () => {
  expect(await settledHandles(baseline)).toEqual({});
});

describe("a session on the web client (Node, undici's WebSocket)", () => {
  it('20,000 numbered messages each way, 12 drops of the server socket: none lost, duplicated or reordered, every send settled', {
    timeout: 90_000,
  }, async () => {
    const count = 20_000;
    const server = await probeServer(count, 12);
    const client = await clientProbe(web(), server.url, count, 60_000);
    await waitFor(() => server.settled.resolved + server.settled.rejected === count, 5_000, "the server's sends to settle");
    expect(client.error).toBeUndefined();
    expect(server.counts().killed).toBe(12);
    expect(server.counts().resumes).toBeGreaterThanOrEqual(12);
    expect(client.statuses.filter((s) => s === 'resumed').length).toBeGreaterThanOrEqual(12);
    expect(defects(server.got, count)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(defects(client.got, count)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect({ resolved: client.resolved, rejected: client.rejected }).toEqual({ resolved: count, rejected: 0 });
    expect(server.settled).toEqual({ resolved: count, rejected: 0 });
    await server.close();
  });

  it('a session that expires during an outage: sessionLost with what was unacknowledged, then a fresh session', async () => {
    let refusing = false;
    const sessions: ServerSession[] = [];
    const received: string[] = [];
    const server = createLiveServer();
    const service = sessionService(
      {
        upgrade: () => (refusing ? refuse(503) : accept(undefined)),
        connected: (session) => void sessions.push(session),
        received: (message) => void received.push(message.type === 'text' ? message.text : 'binary'),
      },
      { grace: 100 },
    );
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = web();
    const session = await within(
      connectSession(client, { id: ID(), url: `${url}/s`, reconnect: { minDelay: 20, maxDelay: 60 } }),
      3_000,
      'the session',
    );
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    const oldId = session.sessionId;
    refusing = true;
    await sessions[0]?.connection?.drop();
    await waitFor(() => statuses.some((s) => s.type === 'reconnecting'), 2_000, 'reconnecting');
    const duringOutage = session.send(Frame.text('sent during the outage')).catch((error: unknown) => error);
    await waitFor(() => service.sessions().length === 0, 2_000, 'the expiry');
    refusing = false;
    await waitFor(() => statuses.filter((s) => s.type === 'sessionStarted').length === 2, 3_000, 'a fresh session');
    const types = statuses.map((s) => s.type);
    expect(types.slice(types.indexOf('sessionLost'))).toEqual(['sessionLost', 'sessionStarted']);
    expect(statuses.find((s) => s.type === 'sessionLost')).toEqual({ type: 'sessionLost', sessionId: oldId, unacknowledged: 1 });
    expect(await duringOutage).toBeInstanceOf(SessionLostError);
    await within(session.send(Frame.text('after')), 2_000, 'a send on the fresh session');
    expect(received).toEqual(['after']);
    await session.close();
    await client.closeAll();
    service[Symbol.dispose]();
    await server.close();
  });
});

describe('a web session closes with the codes the web API takes', () => {
  it('a plain server, refused: sessionUnsupported, and the connection really closes', async () => {
    await using peer = await startEchoServer();
    const client = web();
    const session = openSession(client, { id: ID(), url: peer.url }, { welcomeTimeout: 100 });
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    const pending = session.send(Frame.text('never sent')).catch((error: unknown) => error);
    await waitFor(() => statuses.at(-1)?.type === 'didClose', 2_000, 'the end');
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'connected', 'sessionUnsupported', 'didClose']);
    expect(statuses.at(-1)).toMatchObject({ code: 4008, reason: 'aws-session required' });
    expect(await pending).toBeInstanceOf(SessionUnsupportedError);
    await client.closeAll();
  });

  it('a close code the web refuses (1001) rejects typed and leaves the session as it was; a later close ends it', async () => {
    const server = createLiveServer();
    const got: string[] = [];
    const service = sessionService({ received: (message) => void got.push(message.type === 'text' ? message.text : 'binary') });
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = web();
    const session = await within(connectSession(client, { id: ID(), url: `${url}/s` }), 3_000, 'the session');
    expect(await session.close(1001, 'going away').catch((error: unknown) => error)).toBeInstanceOf(InvalidCloseCodeError);
    await within(session.send(Frame.text('still here')), 2_000, 'a send after the refused close');
    expect(got).toEqual(['still here']);
    expect(await within(session.close(4000, 'done'), 2_000, 'the close')).toMatchObject({ code: 4000, reason: 'done' });
    await waitFor(() => service.sessions().length === 0, 2_000, 'the end of the session on the server');
    await client.closeAll();
    service[Symbol.dispose]();
    await server.close();
  });

  it('a server that breaks the protocol after its welcome: the session ends and the socket closes', async () => {
    await using peer = await startServer((socket) => {
      socket.send('W1|s1|0|n');
      socket.send('Dnot-a-number|x');
    });
    const client = web();
    const session = openSession(client, { id: ID(), url: peer.url });
    const statuses: SessionStatus[] = [];
    session.status.subscribe((status) => void statuses.push(status));
    await waitFor(() => statuses.at(-1)?.type === 'didClose', 2_000, 'the end');
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'connected', 'sessionStarted', 'didClose']);
    expect(statuses.at(-1)).toMatchObject({ code: 4002, reason: 'session protocol error' });
    expect(client.isConnected(session.id)).toBe(false);
    await client.closeAll();
  });
});
