import { Frame, ID, iterate, type Connection, type WebSocketClient } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import {
  activeHandles,
  settledHandles,
  startUsersServer,
  testUsers,
  type Request,
  type RequestType,
  type ResponseResult,
  type TestServer,
  type UsersMessage,
} from '@aws/test-utils';
import { firstValueFrom, take, timeout, toArray, type Observable } from 'rxjs';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseOf } from './case.js';
import { Codable } from './codable.js';
import { field } from './field.js';
import { json } from './json.js';
import { on } from './on.js';
import { success } from './success.js';

// End to end: the live client against the Users test server of the Swift library's tests (reference §5).
const Messages = Codable.cases<UsersMessage>();
const Requests = Codable.cases<Request>();
const RequestTypes = Codable.cases<RequestType>();
const [A, B, C] = testUsers;

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Requests go as binary frames of Codable JSON, as the Swift tests send them. */
const requestFrame = (...requests: RequestType[]): Frame => {
  const request = requests.length === 1 && requests[0] ? Requests.single([requests[0]]) : Requests.batch([requests]);
  return Frame.binary(utf8(Codable.encode(Messages.request([request]))));
};
/** The first `count` elements, subscribed before anything is sent. */
const firstOf = <T>(source: Observable<T>, count: number): Promise<T[]> =>
  firstValueFrom(source.pipe(take(count), toArray(), timeout(5_000)));

let server: TestServer;
let client: WebSocketClient;
let connection: Connection;
let baseline: Record<string, number>;

beforeEach(async () => {
  baseline = activeHandles();
  server = await startUsersServer();
  client = createLiveClient();
  connection = await client.connect({ id: ID(), url: server.url });
});

afterEach(async () => {
  await client.closeAll();
  await server.close();
  expect(await settledHandles(baseline)).toEqual({});
});

describe('the Codable scenarios of the Swift tests', () => {
  it('getUsers(two) answers [A, B]', async () => {
    const users = firstOf(connection.frames.pipe(success<UsersMessage>(), caseOf('response.success.getUsers'), field('users')), 1);
    await connection.send(requestFrame(RequestTypes.getUsers({ count: 2 })));
    expect(await users).toEqual([[A, B]]);
  });

  it('starts then stops the stream', async () => {
    const responses = firstOf(connection.frames.pipe(success<UsersMessage>(), caseOf('response.success')), 2);
    await connection.send(requestFrame(RequestTypes.startStream()));
    await connection.send(requestFrame(RequestTypes.stopStream()));
    expect((await responses).map((response) => Codable.read(response).case)).toEqual(['startStream', 'stopStream']);
  });

  it('refuses to start the stream twice with streamAlreadyStarted', async () => {
    const results = firstOf(connection.frames.pipe(success<UsersMessage>(), caseOf('response')), 2);
    await connection.send(requestFrame(RequestTypes.startStream()));
    await connection.send(requestFrame(RequestTypes.startStream()));
    const expected: ResponseResult[] = [
      { success: { _0: { startStream: {} } } },
      { failure: { _0: { code: { streamAlreadyStarted: {} } } } },
    ];
    expect(await results).toEqual(expected);
  });

  it('refuses to stop a stream never started with streamNotStarted, through case(response.failure)', async () => {
    const failures = firstOf(connection.frames.pipe(success<UsersMessage>(), caseOf('response.failure')), 1);
    await connection.send(requestFrame(RequestTypes.stopStream()));
    const [failure] = await failures;
    expect(failure).toEqual({ code: { streamNotStarted: {} } });
    expect(failure?.reason).toBeUndefined();
  });

  it('answers a batch in order: [A], [A, B], [A, B, C]', async () => {
    const lists = firstOf(connection.frames.pipe(success<UsersMessage>(), caseOf('response.success.getUsers'), field('users')), 3);
    const counts = [1, 2, 3] as const;
    await connection.send(requestFrame(...counts.map((count) => RequestTypes.getUsers({ count }))));
    expect(await lists).toEqual([[A], [A, B], [A, B, C]]);
  });
});

// A valibot schema of the server's replies: Swift's Decodable would reject any other shape.
const none = v.strictObject({});
const UserSchema = v.object({ id: v.number(), name: v.string() });
const ErrorCodeSchema = v.union(
  ['invalidJSONFormat', 'internalServerError', 'streamAlreadyStarted', 'streamNotStarted'].map((name) => v.strictObject({ [name]: none })),
);
const ResponseSchema = v.union([
  v.strictObject({ getUsers: v.strictObject({ _0: v.object({ users: v.array(UserSchema) }) }) }),
  v.strictObject({ startStream: none }),
  v.strictObject({ stopStream: none }),
]);
const ReplySchema = v.strictObject({
  response: v.strictObject({
    _0: v.union([
      v.strictObject({ success: v.strictObject({ _0: ResponseSchema }) }),
      v.strictObject({ failure: v.strictObject({ _0: v.object({ code: ErrorCodeSchema, reason: v.optional(v.string()) }) }) }),
    ]),
  }),
});

describe('bad input', () => {
  it('answers a request that is not JSON with invalidJSONFormat', async () => {
    const failures = firstOf(connection.frames.pipe(success({ schema: ReplySchema }), caseOf('response.failure')), 1);
    await connection.send(Frame.binary(utf8('{"request":')));
    expect(await failures).toEqual([{ code: { invalidJSONFormat: {} } }]);
  });

  it('turns invalid JSON, a wrong shape and binary that is not UTF-8 into error Results, and goes on', async () => {
    const socket = server.sockets[0]?.socket;
    if (socket === undefined) throw new Error('the server saw no connection');
    const results = firstOf(connection.frames.pipe(json({ schema: ReplySchema })), 4);
    const values = firstOf(
      connection.frames.pipe(success({ schema: ReplySchema }), caseOf('response.success.getUsers'), field('users')),
      1,
    );
    socket.send('{"response":');
    socket.send(JSON.stringify({ response: { _0: { success: { _0: { getUsers: { _0: { users: 'A, B' } } } } } } }));
    socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: true });
    await connection.send(requestFrame(RequestTypes.getUsers({ count: 1 })));

    const outcomes = (await results).map((result) => (result.ok ? 'ok' : `${result.error._tag}`));
    expect(outcomes).toEqual(['DecodeError', 'SchemaError', 'DecodeError', 'ok']);
    const [, wrongShape, notUtf8] = await results;
    expect(wrongShape).toMatchObject({
      ok: false,
      error: { issues: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]) },
    });
    expect(notUtf8).toMatchObject({ ok: false, error: { reason: 'utf8' } });
    expect(await values).toEqual([[A]]);
  });
});

describe('frames and statuses of the live client', () => {
  it('answers a ping with a pong of the same payload', async () => {
    const pongs = firstOf(connection.frames.pipe(on('pong')), 1);
    await connection.send(Frame.ping(utf8('still there?')));
    expect((await pongs).map((data) => new TextDecoder().decode(data))).toEqual(['still there?']);
  });

  it('can be consumed with for await', async () => {
    await connection.send(requestFrame(RequestTypes.getUsers({ count: 3 }), RequestTypes.getUsers({ count: 1 })));
    const names: string[] = [];
    for await (const name of iterate(
      connection.frames.pipe(success<UsersMessage>(), caseOf('response.success.getUsers'), field('users.0.name')),
    )) {
      names.push(name);
      if (names.length === 2) break;
    }
    expect(names).toEqual(['A', 'A']);
  });

  it('reports connected and the close through on, running onClose and onDidClose', async () => {
    const closes: string[] = [];
    const frameClose = firstOf(connection.frames.pipe(on('close', { onClose: ({ code }) => void closes.push(`frame ${code}`) })), 1);
    const statusClose = firstOf(
      connection.status.pipe(on('didClose', { onDidClose: ({ code }) => void closes.push(`status ${code}`) })),
      1,
    );
    await connection.close(1000, 'done');
    expect(await frameClose).toEqual([{ code: 1000, reason: 'done' }]);
    expect(await statusClose).toMatchObject([{ type: 'didClose', code: 1000 }]);
    expect(closes.sort()).toEqual(['frame 1000', 'status 1000']);
  });
});
