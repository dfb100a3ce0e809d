import { Frame, ID, InvalidCloseCodeError } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectSession, openSession, type ClientSession, type SessionStatus } from './client-session.js';
import type { ServerSession, SessionEnd } from './server-session.js';
import { sessionService, type SessionHandler } from './session-service.js';

// Calls back into a session from inside its own callbacks: each ends as it says, exactly once, nothing escapes
// (vitest fails on an unhandled rejection), nothing leaks.
let baseline: Record<string, number>;
beforeEach(() => {
  baseline = activeHandles();
});
afterEach(async () => {
  expect(await settledHandles(baseline)).toEqual({});
});

async function run(handler: SessionHandler, onStatus: (status: SessionStatus, session: ClientSession) => void) {
  const ends: SessionEnd[] = [];
  const server = createLiveServer();
  const service = sessionService({ ...handler, disconnected: (_session, end) => void ends.push(end) }, { grace: 5_000 });
  server.register('/r', service);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = createLiveClient();
  const session = openSession(client, { id: ID(), url: `${url}/r`, reconnect: { minDelay: 5, maxDelay: 20 } });
  const statuses: SessionStatus[] = [];
  session.status.subscribe((status) => {
    statuses.push(status);
    onStatus(status, session);
  });
  await within(new Promise<void>((resolve) => session.status.subscribe({ complete: resolve })), 3_000, 'the end of the status stream');
  await waitFor(() => ends.length > 0, 2_000, 'disconnected');
  await new Promise((resolve) => setTimeout(resolve, 20));
  await client.closeAll();
  service[Symbol.dispose]();
  await server.close();
  return { statuses: statuses.map((s) => s.type), last: statuses.at(-1), ends, session };
}

describe('re-entrancy', () => {
  it('the client closes from inside its sessionStarted status', async () => {
    let pending: Promise<unknown> | undefined;
    const { statuses, last, ends } = await run({}, (status, session) => {
      if (status.type !== 'sessionStarted') return;
      pending = session.send(Frame.text('x')).catch((error: unknown) => error);
      void session.close(4001, 'done');
    });
    expect(statuses).toEqual(['connecting', 'connected', 'sessionStarted', 'didClose']);
    expect(last).toEqual({ type: 'didClose', code: 4001, reason: 'done' });
    expect(await pending).toMatchObject({ _tag: 'SessionClosedError' });
    expect(ends).toEqual([{ type: 'closed', code: 4001, reason: 'done' }]);
  });

  it('the client closes from inside its resumed status, after a server drop', async () => {
    let dropped = false;
    const { statuses, ends } = await run(
      {
        connected: (session) => {
          if (dropped) return;
          dropped = true;
          void session.connection?.drop();
        },
      },
      (status, session) => void (status.type === 'resumed' && session.close()),
    );
    expect(statuses.slice(-2)).toEqual(['resumed', 'didClose']);
    expect(ends).toEqual([{ type: 'closed', code: 1000, reason: '' }]);
  });

  it('the server closes from inside connected, and a send from inside disconnected rejects typed', async () => {
    let late: unknown;
    const ends: SessionEnd[] = [];
    const { last } = await run(
      {
        connected: (session: ServerSession) => void session.close(4000, 'go'),
      },
      () => {},
    ).then(async (outcome) => {
      ends.push(...outcome.ends);
      return outcome;
    });
    expect(last).toMatchObject({ type: 'didClose', code: 4000 });
    expect(ends).toEqual([{ type: 'closed', code: 4000, reason: 'go' }]);
    const server = createLiveServer();
    const service = sessionService({
      connected: (session) => void session.close(),
      disconnected: async (session) => {
        late = await session.send(Frame.text('too late')).catch((error: unknown) => error);
      },
    });
    server.register('/r', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    openSession(client, { id: ID(), url: `${url}/r` });
    await waitFor(() => late !== undefined, 2_000, 'the late send');
    expect(late).toMatchObject({ _tag: 'SessionClosedError', reason: 'closed' });
    await client.closeAll();
    await server.close();
  });

  it('the server drops from inside received: the message counts once, the session resumes', async () => {
    const seen: string[] = [];
    let done = false;
    const { ends } = await run(
      {
        received: async (message, session) => {
          seen.push(message.type === 'text' ? message.text : '');
          if (seen.length === 1) await session.connection?.drop();
          else {
            done = true;
            await session.close();
          }
        },
      },
      (status, session) => {
        if (status.type === 'sessionStarted') void session.send(Frame.text('one')).catch(() => {});
        if (status.type === 'resumed' && !done) void session.send(Frame.text('two')).catch(() => {});
      },
    );
    expect(seen).toEqual(['one', 'two']);
    expect(ends).toEqual([{ type: 'closed', code: 1000, reason: '' }]);
  });
});

describe('a close the client refuses', () => {
  it('a code no client may send (1006) rejects typed and leaves the session as it was; a later close ends it', async () => {
    const got: string[] = [];
    const server = createLiveServer();
    const service = sessionService({ received: (message) => void got.push(message.type === 'text' ? message.text : 'binary') });
    server.register('/r', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const session = await within(connectSession(client, { id: ID(), url: `${url}/r` }), 3_000, 'the session');
    expect(await session.close(1006, 'no').catch((error: unknown) => error)).toBeInstanceOf(InvalidCloseCodeError);
    await within(session.send(Frame.text('still here')), 2_000, 'a send after the refused close');
    expect(got).toEqual(['still here']);
    expect(session.isConnected()).toBe(true);
    expect(await within(session.close(4000, 'done'), 2_000, 'the close')).toMatchObject({ code: 4000, reason: 'done' });
    expect(await session.send(Frame.text('late')).catch((error: unknown) => error)).toMatchObject({ _tag: 'SessionClosedError' });
    await waitFor(() => service.sessions().length === 0, 2_000, 'the end on the server');
    await client.closeAll();
    service[Symbol.dispose]();
    await server.close();
  });
});
