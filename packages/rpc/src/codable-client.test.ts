import { ID, type WebSocketClient } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import {
  activeHandles,
  settledHandles,
  startServer,
  startUsersServer,
  testUsers,
  waitFor,
  type Event,
  type RequestType,
  type Response,
  type TestServer,
} from '@aws/test-utils';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codableClient } from './codable-client.js';
import { type ProtocolError, RemoteError } from './errors.js';

// The Users protocol of the Swift tests, unchanged on the wire: requests inside `single`, binary frames, answers in
// request order without ids.
const usersOptions = { wrap: (request: unknown) => ({ request: { _0: { single: { _0: request } } } }), binary: true } as const;
const [A, B, C] = testUsers;

let client: WebSocketClient;
let server: TestServer;
let baseline: Record<string, number>;

beforeEach(async () => {
  baseline = activeHandles();
  client = createLiveClient();
  server = await startUsersServer();
});

afterEach(async () => {
  await client.closeAll();
  await server.close();
  expect(await settledHandles(baseline)).toEqual({});
});

describe('codableClient on the Users protocol', () => {
  it('matches each answer to the oldest pending call of its case', async () => {
    using users = codableClient<RequestType, Response, Event>(await client.connect({ id: ID(), url: server.url }), usersOptions);
    const [one, started, three, stopped] = await Promise.all([
      users.call({ getUsers: { count: 1 } }),
      users.call({ startStream: {} }),
      users.call({ getUsers: { count: 3 } }),
      users.call({ stopStream: {} }),
    ]);
    expect(one.users).toEqual([A]);
    expect(three.users).toEqual([A, B, C]);
    expect([started, stopped]).toEqual([{}, {}]);
  });

  it('rejects with RemoteError, named by the error code, when the server answers failure', async () => {
    using users = codableClient<RequestType, Response, Event>(await client.connect({ id: ID(), url: server.url }), usersOptions);
    await users.call({ startStream: {} });
    const again = users.call({ startStream: {} });
    await expect(again).rejects.toBeInstanceOf(RemoteError);
    await expect(again).rejects.toMatchObject({ code: 'streamAlreadyStarted', error: { code: { streamAlreadyStarted: {} } } });
    expect((await users.call({ getUsers: { count: 2 } })).users).toEqual([A, B]);
  });

  it('reports a message of the wrong shape to onProblem and carries on', async () => {
    const peer = await startServer((socket) =>
      socket.on('message', () => {
        socket.send('{"response":{"_0":{"success":{"_0":{"getUsers":{"_0":{"users":"nobody"}}}}}}}');
        socket.send(JSON.stringify({ response: { _0: { success: { _0: { getUsers: { _0: { users: [A] } } } } } } }));
      }),
    );
    const User = v.object({ id: v.number(), name: v.string() });
    const schema = v.object({
      response: v.object({
        _0: v.object({ success: v.object({ _0: v.object({ getUsers: v.object({ _0: v.object({ users: v.array(User) }) }) }) }) }),
      }),
    });
    const problems: ProtocolError[] = [];
    try {
      using users = codableClient<RequestType, Response, Event>(await client.connect({ id: ID(), url: peer.url }), {
        ...usersOptions,
        schema,
        onProblem: (problem) => problems.push(problem),
      });
      expect((await users.call({ getUsers: { count: 1 } })).users).toEqual([A]);
      await waitFor(() => problems.length === 1, 2_000, 'the problem');
      expect(problems[0]?.reason).toBe('malformed');
    } finally {
      await client.closeAll();
      await peer.close();
    }
  });
});
