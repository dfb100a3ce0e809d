import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../emojis/decode.js';
import { ClientRequest, encodeMessage, ServerMessage, type Message } from '../emojis/protocol.js';
import { swiftPrettyJSON } from '../shared/swift-json.js';
import { anyFreePort, useServer } from '../testing/server-fixture.js';
import { connectPeer, type WsPeer } from '../testing/ws-peer.js';
import { startEmojisServer } from './emojis.js';

const send = (peer: WsPeer, message: Message): void => peer.socket.send(JSON.stringify(encodeMessage(message)));
const nextMessage = async (peer: WsPeer): Promise<Message> => decodeMessage(await peer.nextText());

describe('Emojis server', () => {
  const running = useServer((log) => startEmojisServer(anyFreePort, { log, streamIntervalMs: 100, randomEmoji: () => '🌺' }));

  it('welcomes a client with the pretty-printed Swift message', async () => {
    await using peer = await connectPeer(running.server.url);
    expect(await peer.nextText()).toBe(swiftPrettyJSON(encodeMessage(ServerMessage.welcome())));
    expect(running.logged).toEqual(['Established a connection with: 127.0.0.1']);
  });

  it('answers getRandomEmojiList', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    send(peer, ClientRequest.getRandomEmojiList(2));
    expect(await nextMessage(peer)).toEqual(ServerMessage.success({ kind: 'getRandomEmojiList', emojis: ['🌺', '🌺'] }));
  });

  it('streams emojis after startStream until stopStream', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    send(peer, ClientRequest.startStream());
    expect(await nextMessage(peer)).toEqual(ServerMessage.success({ kind: 'startStream' }));
    expect(await nextMessage(peer)).toEqual(ServerMessage.newEmoji('🌺'));
    expect(await nextMessage(peer)).toEqual(ServerMessage.newEmoji('🌺'));

    send(peer, ClientRequest.stopStream());
    let message = await nextMessage(peer);
    while (message.kind === 'event') message = await nextMessage(peer);
    expect(message).toEqual(ServerMessage.success({ kind: 'stopStream' }));
    expect(await peer.drain(350)).toEqual([]);
  });

  it('keeps each stream to its own connection', async () => {
    await using streaming = await connectPeer(running.server.url);
    await using quiet = await connectPeer(running.server.url);
    await streaming.nextText();
    await quiet.nextText();
    send(streaming, ClientRequest.startStream());
    await nextMessage(streaming);
    expect(await nextMessage(streaming)).toEqual(ServerMessage.newEmoji('🌺'));
    send(quiet, ClientRequest.stopStream());
    expect(await nextMessage(quiet)).toEqual(ServerMessage.success({ kind: 'stopStream' }));
    expect(await nextMessage(streaming)).toEqual(ServerMessage.newEmoji('🌺'));
    expect(await quiet.drain(250)).toEqual([]);
  });

  it('answers malformed text with malformedJSONResquest and carries on', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    peer.socket.send('{"request":');
    expect(await nextMessage(peer)).toMatchObject({ result: { kind: 'failure', reason: 'malformedJSONResquest' } });
    peer.socket.send('{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":"two"}}}}}');
    expect(await nextMessage(peer)).toMatchObject({ result: { kind: 'failure', message: expect.stringContaining('count') } });
    send(peer, ClientRequest.stopStream());
    expect(await nextMessage(peer)).toEqual(ServerMessage.success({ kind: 'stopStream' }));
  });

  it('ignores binary frames', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    peer.socket.send(Buffer.from(JSON.stringify(encodeMessage(ClientRequest.stopStream()))), { binary: true });
    expect(await peer.drain(250)).toEqual([]);
  });

  it('answers a close frame with its code alone, and stops the stream', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    send(peer, ClientRequest.startStream());
    await nextMessage(peer);
    peer.socket.close(1000, 'bye');
    const closes = (await peer.drain(300)).filter((item) => item.type === 'close');
    expect(closes).toEqual([{ type: 'close', code: 1000, reason: '' }]);
  });
});
