import { describe, expect, it } from 'vitest';
import { connectPeer, type WsPeer } from '../testing/ws-peer.js';
import { anyFreePort, useServer } from '../testing/server-fixture.js';
import { startUsersServer } from './users.js';

// Requests and replies in the Swift shapes of the reference (§5), field by field.
const swift = {
  getTwoUsers: '{"request":{"_0":{"single":{"_0":{"getUsers":{"count":2}}}}}}',
  batch: '{"request":{"_0":{"batch":{"_0":[{"getUsers":{"count":1}},{"startStream":{}},{"stopStream":{}}]}}}}',
  startStream: '{"request":{"_0":{"single":{"_0":{"startStream":{}}}}}}',
  stopStream: '{"request":{"_0":{"single":{"_0":{"stopStream":{}}}}}}',
};
const users = [
  { id: 1, name: 'A' },
  { id: 2, name: 'B' },
];
const success = (response: object): object => ({ response: { _0: { success: { _0: response } } } });
const failure = (code: string): object => ({ response: { _0: { failure: { _0: { code: { [code]: {} } } } } } });

async function nextReply(peer: WsPeer): Promise<unknown> {
  const received = await peer.next();
  if (received.type !== 'binary') throw new Error(`expected a binary reply, received ${JSON.stringify(received)}`);
  return JSON.parse(received.data.toString('utf8'));
}

describe('Users server', () => {
  const running = useServer(() => startUsersServer(anyFreePort));

  it('answers getUsers with the first users, in a binary frame of pretty-printed JSON', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.send(Buffer.from(swift.getTwoUsers), { binary: true });
    const received = await peer.next();
    expect(received.type).toBe('binary');
    const text = received.type === 'binary' ? received.data.toString('utf8') : '';
    expect(text).toContain('"response" : {');
    expect(JSON.parse(text)).toEqual(success({ getUsers: { _0: { users } } }));
  });

  it('answers a batch with one reply per request, in order', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.send(Buffer.from(swift.batch), { binary: true });
    expect(await nextReply(peer)).toEqual(success({ getUsers: { _0: { users: users.slice(0, 1) } } }));
    expect(await nextReply(peer)).toEqual(success({ startStream: {} }));
    expect(await nextReply(peer)).toEqual(success({ stopStream: {} }));
  });

  it('refuses to start a started stream or stop a stopped one', async () => {
    await using peer = await connectPeer(running.server.url);
    for (const request of [swift.startStream, swift.startStream, swift.stopStream, swift.stopStream]) peer.socket.send(request);
    expect(await nextReply(peer)).toEqual(success({ startStream: {} }));
    expect(await nextReply(peer)).toEqual(failure('streamAlreadyStarted'));
    expect(await nextReply(peer)).toEqual(success({ stopStream: {} }));
    expect(await nextReply(peer)).toEqual(failure('streamNotStarted'));
  });

  it('answers invalid JSON with invalidJSONFormat', async () => {
    await using peer = await connectPeer(running.server.url);
    peer.socket.send('{"request":');
    expect(await nextReply(peer)).toEqual(failure('invalidJSONFormat'));
  });
});
