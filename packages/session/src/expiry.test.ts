import { Frame, ID, type Message } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { accept, refuse } from '@aws/server';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { connectSession, type SessionStatus } from './client-session.js';
import { SessionClosedError, SessionLostError } from './errors.js';
import type { ServerSession, SessionEnd } from './server-session.js';
import { sessionService } from './session-service.js';

const settle = (promise: Promise<void>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
const texts = (messages: Message[]) => messages.map((message) => (message.type === 'text' ? message.text : 'binary'));

async function setup(grace: number) {
  const baseline = activeHandles();
  let refusing = false;
  const ends: Array<{ id: string; end: SessionEnd }> = [];
  const events: string[] = [];
  const received: Message[] = [];
  const sessions: ServerSession[] = [];
  const server = createLiveServer();
  const service = sessionService(
    {
      upgrade: () => (refusing ? refuse(503) : accept(undefined)),
      connected: (session) => void sessions.push(session),
      received: (message) => void received.push(message),
      suspended: () => void events.push('suspended'),
      resumed: () => void events.push('resumed'),
      disconnected: (session, end) => void ends.push({ id: session.id, end }),
    },
    { grace },
  );
  server.register('/s', service);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = createLiveClient();
  const session = await within(
    connectSession(client, { id: ID(), url: `${url}/s`, reconnect: { minDelay: 20, maxDelay: 60 } }),
    3_000,
    'the session',
  );
  const statuses: SessionStatus[] = [];
  session.status.subscribe((status) => void statuses.push(status));
  const clientGot: string[] = [];
  session.frames.subscribe((frame) => frame.type === 'message' && clientGot.push(texts([frame.message])[0] as string));
  const done = async () => {
    await session.close();
    await client.closeAll();
    service[Symbol.dispose]();
    await server.close();
    expect(await settledHandles(baseline)).toEqual({});
  };
  return {
    session,
    sessions,
    statuses,
    clientGot,
    ends,
    events,
    received,
    service,
    setRefusing: (value: boolean) => (refusing = value),
    done,
  };
}

describe('resumption and expiry', () => {
  it('a drop keeps the session: the client resumes it and what was sent meanwhile arrives once', async () => {
    const t = await setup(5_000);
    const first = t.sessions[0] as ServerSession;
    await first.connection?.drop();
    const meanwhile = [settle(first.send(Frame.text('from the server'))), settle(t.session.send(Frame.text('from the client')))];
    expect(await within(Promise.all(meanwhile), 3_000, 'the sends')).toEqual(['resolved', 'resolved']);
    expect(t.statuses.find((s) => s.type === 'resumed')).toMatchObject({ type: 'resumed', sessionId: first.id, resent: 1 });
    expect(t.events).toEqual(['suspended', 'resumed']);
    expect(texts(t.received)).toEqual(['from the client']);
    expect(t.clientGot).toEqual(['from the server']);
    expect(t.sessions).toHaveLength(1);
    expect(t.ends).toEqual([]);
    await t.done();
    expect(t.ends).toEqual([{ id: first.id, end: { type: 'closed', code: 1000, reason: '' } }]);
  });

  it('a session that expires during an outage: sessionLost with what was unacknowledged, then a fresh session', async () => {
    const t = await setup(100);
    const first = t.sessions[0] as ServerSession;
    const oldId = t.session.sessionId;
    t.setRefusing(true);
    await first.connection?.drop();
    const fromServer = settle(first.send(Frame.text('never delivered')));
    await waitFor(() => t.statuses.some((s) => s.type === 'reconnecting'), 2_000, 'reconnecting');
    const fromClient = settle(t.session.send(Frame.text('sent during the outage')));
    await waitFor(() => t.ends.length === 1, 2_000, 'the expiry');
    expect(t.ends).toEqual([{ id: first.id, end: { type: 'expired' } }]);
    expect(await fromServer).toMatchObject({ _tag: 'SessionClosedError', reason: 'expired' });
    expect(await fromServer).toBeInstanceOf(SessionClosedError);
    t.setRefusing(false);
    // The first status seen is the replayed `sessionStarted` of the first session.
    await waitFor(() => t.statuses.filter((s) => s.type === 'sessionStarted').length === 2, 3_000, 'a fresh session');
    const types = t.statuses.map((s) => s.type);
    expect(types.slice(types.indexOf('sessionLost'))).toEqual(['sessionLost', 'sessionStarted']);
    expect(t.statuses.find((s) => s.type === 'sessionLost')).toEqual({ type: 'sessionLost', sessionId: oldId, unacknowledged: 1 });
    expect(await fromClient).toBeInstanceOf(SessionLostError);
    expect(t.session.sessionId).not.toBe(oldId);
    await within(t.session.send(Frame.text('after')), 2_000, 'a send on the fresh session');
    expect(texts(t.received)).toEqual(['after']);
    expect(t.sessions).toHaveLength(2);
    await t.done();
  });

  it('a close frame from the client ends the session at once, and its pending sends reject typed', async () => {
    const t = await setup(60_000);
    const first = t.sessions[0] as ServerSession;
    await t.session.close(1000, 'bye');
    await waitFor(() => t.ends.length === 1, 2_000, 'the end');
    expect(t.ends[0]?.end).toEqual({ type: 'closed', code: 1000, reason: 'bye' });
    expect(await settle(first.send(Frame.text('late')))).toBeInstanceOf(SessionClosedError);
    expect(await settle(t.session.send(Frame.text('late')))).toBeInstanceOf(SessionClosedError);
    expect(t.service.sessions()).toEqual([]);
    await t.done();
  });
});
