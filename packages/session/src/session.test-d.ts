import type { CloseInfo, Frame, Message, Stream, WebSocketClient } from '@aws/client';
import { accept, type Service, type WebSocketServer } from '@aws/server';
import { describe, expectTypeOf, it } from 'vitest';
import { connectSession, openSession, type ClientSession, type SessionStatus } from './client-session.js';
import type { ServerSession, SessionEnd } from './server-session.js';
import { sessionService, type SessionService } from './session-service.js';

declare const client: WebSocketClient;
declare const server: WebSocketServer;

describe('the session types', () => {
  it('the context flows from the upgrade to every handler, and the service registers like any other', () => {
    const service = sessionService({
      upgrade: () => accept({ user: 'ada' }),
      connected: (session) => {
        expectTypeOf(session).toEqualTypeOf<ServerSession<{ user: string }>>();
      },
      received: (message, session) => {
        expectTypeOf(message).toEqualTypeOf<Message>();
        expectTypeOf(session.context).toEqualTypeOf<{ user: string }>();
        expectTypeOf(session.post).parameters.toEqualTypeOf<[Frame]>();
        expectTypeOf(session.post).returns.toEqualTypeOf<void>();
      },
      mayResume: (session, context) => {
        expectTypeOf(context).toEqualTypeOf<{ user: string }>();
        return session.context.user === context.user;
      },
      suspended: (_session, close) => {
        expectTypeOf(close).toEqualTypeOf<CloseInfo>();
      },
      disconnected: (_session, end) => {
        expectTypeOf(end).toEqualTypeOf<SessionEnd>();
      },
    });
    expectTypeOf(service).toEqualTypeOf<SessionService<{ user: string }>>();
    expectTypeOf(service).toMatchTypeOf<Service<{ user: string }>>();
    server.register('/orders', service);
    expectTypeOf(service.sessions()).toEqualTypeOf<readonly ServerSession<{ user: string }>[]>();
  });

  it('without an upgrade, the context is undefined', () => {
    const service = sessionService({
      received: (_message, session) => {
        expectTypeOf(session.context).toEqualTypeOf<undefined>();
      },
    });
    expectTypeOf(service).toEqualTypeOf<SessionService<undefined>>();
  });

  it('an upgrade of another context than declared does not compile', () => {
    // @ts-expect-error the context must be { user: string }
    sessionService<{ user: string }>({ upgrade: () => accept({ name: 'ada' }) });
  });

  it('the client session: frames, statuses, sends', () => {
    const session = openSession(client, { id: '' as never, url: 'ws://x' }, { resolveOn: 'write', plainServer: 'fallback' });
    expectTypeOf(session).toEqualTypeOf<ClientSession>();
    expectTypeOf(session.frames).toEqualTypeOf<Stream<Frame>>();
    expectTypeOf(session.status).toEqualTypeOf<Stream<SessionStatus>>();
    expectTypeOf(session.send).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(session.post).parameters.toEqualTypeOf<[Frame]>();
    expectTypeOf(session.post).returns.toEqualTypeOf<void>();
    expectTypeOf(connectSession(client, { id: '' as never, url: () => 'ws://x' })).toEqualTypeOf<Promise<ClientSession>>();
    // @ts-expect-error dropOldest would leave a hole in the sequence: not offered
    openSession(client, { id: '' as never, url: 'ws://x' }, { buffer: { overflow: 'dropOldest' } });
  });

  it('statuses narrow on type', () => {
    const status = {} as SessionStatus;
    if (status.type === 'sessionLost') expectTypeOf(status.unacknowledged).toEqualTypeOf<number>();
    if (status.type === 'resumed') expectTypeOf(status.sessionId).toEqualTypeOf<string>();
    if (status.type === 'didClose') expectTypeOf(status.code).toEqualTypeOf<number>();
  });
});
