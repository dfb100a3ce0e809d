import type { Connection, Stream } from '@aws/client';
import type { Event, RequestType, Response, User } from '@aws/test-utils';
import { of } from 'rxjs';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { codableClient } from './codable-client.js';
import { jsonRpcClient } from './json-rpc-client.js';
import type { RpcClient } from './rpc-client.js';
import { jsonRpcService } from './json-rpc-server.js';

declare const connection: Connection;

interface Calculator {
  add: { params: [number, number]; result: number };
  now: { params: undefined; result: string };
  ticks: { params: { every: number }; event: number };
}

describe('jsonRpcClient', () => {
  const rpc = jsonRpcClient<Calculator>(connection);

  it('types each call by its method', () => {
    expectTypeOf(rpc.call({ method: 'add', params: [1, 2] })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(rpc.call({ method: 'now' })).toEqualTypeOf<Promise<string>>();
    expectTypeOf(rpc.subscribe({ method: 'ticks', params: { every: 10 } })).toEqualTypeOf<Stream<number>>();
  });

  it('refuses a misspelt method, wrong params, and a subscription called as a method', () => {
    // @ts-expect-error: no such method
    void rpc.call({ method: 'ad', params: [1, 2] });
    // @ts-expect-error: wrong params
    void rpc.call({ method: 'add', params: ['1', 2] });
    // @ts-expect-error: missing params
    void rpc.call({ method: 'add' });
    // @ts-expect-error: a subscription is not a method
    void rpc.call({ method: 'ticks', params: { every: 1 } });
    // @ts-expect-error: a method is not a subscription
    void rpc.subscribe({ method: 'add', params: [1, 2] });
  });

  it('types each call of a batch', () => {
    const [sum, now] = rpc.batch([{ method: 'add', params: [1, 2] }, { method: 'now' }]);
    expectTypeOf(sum).toEqualTypeOf<Promise<number>>();
    expectTypeOf(now).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error: wrong params in a batch
    void rpc.batch([{ method: 'add', params: [1, '2'] }]);
  });

  it('takes the types from Standard Schemas', () => {
    const typed = jsonRpcClient(connection, {
      schemas: { greet: { params: v.object({ name: v.string() }), result: v.string() }, users: { event: v.number() } },
    });
    expectTypeOf(typed.call({ method: 'greet', params: { name: 'Ada' } })).toEqualTypeOf<Promise<string>>();
    expectTypeOf(typed.subscribe({ method: 'users' })).toEqualTypeOf<Stream<number>>();
    // @ts-expect-error: wrong params
    void typed.call({ method: 'greet', params: { name: 1 } });
  });
});

describe('jsonRpcService', () => {
  it('checks the handlers against the API', () => {
    jsonRpcService<Calculator>({ add: ([a, b]) => a + b, now: () => new Date().toISOString(), ticks: ({ every }) => of(every) });
    // @ts-expect-error: add answers a number
    jsonRpcService<Calculator>({ add: () => 'three', now: () => '', ticks: () => of(1) });
    // @ts-expect-error: a handler is missing
    jsonRpcService<Calculator>({ add: ([a, b]) => a + b, now: () => '' });
  });
});

describe('codableClient', () => {
  const users = codableClient<RequestType, Response, Event>(connection);

  it('resolves with the payload of the response case of the same name', () => {
    expectTypeOf(users.call({ getUsers: { count: 2 } })).toEqualTypeOf<Promise<{ readonly users: readonly User[] }>>();
  });

  it('types a subscription by the events it picks', () => {
    type NewUser = Extract<Event, { readonly newUser: unknown }>;
    const newUsers = users.subscribe({
      subscribe: { startStream: {} },
      unsubscribe: { stopStream: {} },
      match: (event): event is NewUser => 'newUser' in event,
    });
    expectTypeOf(newUsers).toEqualTypeOf<Stream<NewUser>>();
    // @ts-expect-error: not a request of the protocol
    void users.subscribe({ subscribe: { startStreaming: {} } });
  });

  it('refuses a misspelt case and a wrong payload', () => {
    // @ts-expect-error: no such case
    void users.call({ getUser: { count: 2 } });
    // @ts-expect-error: count is 1, 2 or 3
    void users.call({ getUsers: { count: 5 } });
  });
});

describe('RpcClient', () => {
  it('shows its users only its public API, not what its calls and subscriptions ask of it', () => {
    type Members = keyof RpcClient;
    expectTypeOf<Members>().toEqualTypeOf<
      'messages' | 'pendingCalls' | 'call' | 'callBatch' | 'notify' | 'subscribe' | 'drain' | typeof Symbol.dispose
    >();
  });
});
