import type { CloseInfo, Message } from '@aws/client';
import { describe, expectTypeOf, it } from 'vitest';
import type { ServerConnection } from './server-connection.js';
import type { Publication, PublishResult, WebSocketServer } from './server.js';
import type { Service } from './service.js';
import { accept, refuse, type UpgradeDecision } from './upgrade.js';

describe('the context flows from the upgrade decision to the connection', () => {
  it('accept infers the context; refuse fits any context', () => {
    expectTypeOf(accept({ user: 'ada' })).toEqualTypeOf<{
      readonly accept: true;
      readonly context: { user: string };
      readonly protocol?: string;
    }>();
    expectTypeOf(refuse(401)).toMatchTypeOf<UpgradeDecision<{ user: string }>>();
  });

  it("a service's handlers see its connections with its context", () => {
    const service: Service<{ user: string }> = {
      upgrade: () => accept({ user: 'ada' }),
      connected: (connection) => {
        expectTypeOf(connection.context).toEqualTypeOf<{ user: string }>();
      },
      received: (message, connection) => {
        expectTypeOf(message).toEqualTypeOf<Message>();
        expectTypeOf(connection).toEqualTypeOf<ServerConnection<{ user: string }>>();
      },
      disconnected: (_connection, close) => {
        expectTypeOf(close).toEqualTypeOf<CloseInfo>();
      },
    };
    expectTypeOf(service).toMatchTypeOf<Service<{ user: string }>>();
  });

  it('post takes the frames send takes and returns nothing; send returns its promise', () => {
    const connection = {} as ServerConnection;
    expectTypeOf(connection.post).parameters.toEqualTypeOf<Parameters<ServerConnection['send']>>();
    expectTypeOf(connection.post).returns.toEqualTypeOf<void>();
    expectTypeOf(connection.send).returns.toEqualTypeOf<Promise<void>>();
  });

  it('an upgrade that gives another context does not compile', () => {
    // @ts-expect-error the context must be { user: string }
    const wrong: Service<{ user: string }> = { upgrade: () => accept({ name: 'ada' }) };
    void wrong;
  });

  it('register takes a service of any context; publish reports exactly', () => {
    expectTypeOf<WebSocketServer['register']>().toBeCallableWith('/chat', { upgrade: () => accept(42) } satisfies Service<number>);
    expectTypeOf<ReturnType<WebSocketServer['publish']>>().toEqualTypeOf<Publication>();
    expectTypeOf<Publication>().toMatchTypeOf<PublishResult>();
  });
});
