import { Frame, ID, type WebSocketClient } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import {
  activeHandles,
  createUsersProtocol,
  settledHandles,
  testUsers,
  waitFor,
  type Event,
  type RequestType,
  type Response,
} from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codableClient } from './codable-client.js';
import { codableServerCodec } from './codable-server-codec.js';
import { HandlerError } from './errors.js';
import { rpcService, type Handler } from './rpc-service.js';
import { serveRpc, type RpcTestServer } from './test-fixtures.js';

// The Users protocol of the Swift tests served by rpcService, against the hand-written reference of @aws/test-utils.
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const invalid = { code: { invalidJSONFormat: {} } };

const codec = codableServerCodec({
  unwrap(message) {
    if (!isRecord(message)) return undefined;
    if (!isRecord(message.request)) return 'response' in message || 'event' in message ? [] : undefined;
    const request = message.request._0;
    if (!isRecord(request)) return undefined;
    if (isRecord(request.single)) return [request.single._0];
    if (isRecord(request.batch) && Array.isArray(request.batch._0)) return request.batch._0;
    return undefined;
  },
  failureOf: (error) => error.data ?? invalid,
  binary: true,
  pretty: true,
});

const streaming = new WeakMap<object, boolean>();
const refuse = (code: string): never => {
  throw new HandlerError(1, code, { code: { [code]: {} } });
};
const handlers: Record<string, Handler> = {
  getUsers: (params) => {
    const count = isRecord(params) ? params.count : undefined;
    if (count !== 1 && count !== 2 && count !== 3) throw new HandlerError(0, 'invalid', invalid);
    return { users: testUsers.slice(0, count) };
  },
  startStream: (_params, { connection }) => {
    if (streaming.get(connection) === true) refuse('streamAlreadyStarted');
    streaming.set(connection, true);
  },
  stopStream: (_params, { connection }) => {
    if (streaming.get(connection) !== true) refuse('streamNotStarted');
    streaming.set(connection, false);
  },
};

let client: WebSocketClient;
let server: RpcTestServer;
let baseline: Record<string, number>;

beforeEach(async () => {
  baseline = activeHandles();
  client = createLiveClient();
  server = await serveRpc(rpcService(codec, handlers));
});

afterEach(async () => {
  await client.closeAll();
  await server.close();
  expect(await settledHandles(baseline)).toEqual({});
});

const single = (request: unknown) => JSON.stringify({ request: { _0: { single: { _0: request } } } });

describe('codableServerCodec', () => {
  it('answers the Users protocol as the hand-written server does, in request order', async () => {
    const requests = [
      single({ getUsers: { count: 2 } }),
      JSON.stringify({ request: { _0: { batch: { _0: [{ getUsers: { count: 1 } }, { startStream: {} }] } } } }),
      single({ startStream: {} }),
      single({ stopStream: {} }),
      single({ stopStream: {} }),
      'not json',
      single({ getUsers: { count: 5 } }),
      JSON.stringify({ response: { _0: { success: { _0: { stopStream: {} } } } } }),
      single({ getUsers: { count: 3 } }),
    ];
    const reference = createUsersProtocol();
    const expected = requests.flatMap((text) => reference(text).map((bytes) => JSON.parse(new TextDecoder().decode(bytes)) as unknown));

    const connection = await client.connect({ id: ID(), url: server.url });
    const answers: unknown[] = [];
    connection.frames.subscribe((frame) => {
      if (frame.type === 'message' && frame.message.type === 'binary')
        answers.push(JSON.parse(new TextDecoder().decode(frame.message.data)));
    });
    for (const text of requests) await connection.send(Frame.binary(new TextEncoder().encode(text)));
    await waitFor(() => answers.length >= expected.length, 3_000, 'the answers');
    expect(answers).toEqual(expected);
  });

  it('is what codableClient talks to', async () => {
    using users = codableClient<RequestType, Response, Event>(await client.connect({ id: ID(), url: server.url }), {
      wrap: (request) => ({ request: { _0: { single: { _0: request } } } }),
      binary: true,
    });
    const [two, started] = await Promise.all([users.call({ getUsers: { count: 2 } }), users.call({ startStream: {} })]);
    expect(two.users).toEqual(testUsers.slice(0, 2));
    expect(started).toEqual({});
    await expect(users.call({ startStream: {} })).rejects.toMatchObject({ code: 'streamAlreadyStarted' });
  });
});
