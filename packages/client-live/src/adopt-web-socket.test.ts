import { Frame, ID } from '@aws/client';
import { firstValueFrom } from 'rxjs';
import type { DataFrame, SocketEvents } from '@aws/core';
import { startServer } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLiveClient } from './live-client.js';
import { adoptWebSocket, OwnedWebSocket } from './ws-transport.js';

/** What the transport reports, in order. */
function recorder(): { events: SocketEvents; log: string[]; ended: Promise<void> } {
  const log: string[] = [];
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const describe = (frame: Frame): string =>
    frame.type === 'message'
      ? `${frame.message.type}:${frame.message.type === 'text' ? frame.message.text : frame.message.data.byteLength}`
      : frame.type;
  const events: SocketEvents = {
    opened: () => log.push('opened'),
    received: (frame) => log.push(describe(frame)),
    dropped: (frame) => log.push(`dropped ${describe(frame)}`),
    openingFailed: (error) => log.push(`openingFailed ${error.message}`),
    failed: (close) => log.push(`failed ${close.code}`),
    ended: (code) => {
      log.push(`ended ${code}`);
      end();
    },
  };
  return { events, log, ended };
}

// Accepted sockets are adopted either way: an OwnedWebSocket (what @aws/server-live's WebSocketServer makes) hands
// its events over through `emit`, with no listener registered; a plain one through listeners.
describe.each([
  ['an OwnedWebSocket', { WebSocket: OwnedWebSocket }],
  ['a plain ws WebSocket', {}],
])('adoptWebSocket of %s', (_name, options) => {
  it('reports messages, pings and the end exactly once, and swallows a late error', async () => {
    const recorded = recorder();
    let adopted: WebSocket | undefined;
    await using server = await startServer((socket) => {
      adopted = socket;
      const transport = adoptWebSocket(socket, recorded.events);
      // Writing through the transport socket reaches the peer.
      transport.write(Frame.text('welcome') as DataFrame, () => {});
    }, options);
    const peer = new WebSocket(server.url);
    const welcome = new Promise<string>((resolve) => peer.once('message', (data) => resolve(data.toString())));
    await new Promise((resolve) => peer.once('open', resolve));
    expect(await welcome).toBe('welcome');
    peer.send('hello');
    peer.send(Buffer.from([1, 2, 3]));
    peer.ping();
    await new Promise((resolve) => peer.once('pong', resolve));
    peer.close(1000);
    await recorded.ended;
    expect(recorded.log).toEqual(['text:hello', 'binary:3', 'ping', 'ended 1000']);
    const socket = adopted as WebSocket;
    // The transport registered no listener of its own (the server's client tracking and the test server did theirs).
    if (socket instanceof OwnedWebSocket) expect(['message', 'ping', 'pong'].map((name) => socket.listenerCount(name))).toEqual([0, 0, 0]);
    // ws may report an error on a socket that is already gone: it must not become an uncaught exception.
    expect(() => socket.emit('error', new Error('late'))).not.toThrow();
    expect(recorded.log.at(-1)).toBe('ended 1000');
  });
});

describe('received texts', () => {
  it('a dialled socket hands plain message objects (only an accepted one keeps the bytes for a relay)', async () => {
    await using server = await startServer((socket) => socket.send('hello'));
    const client = createLiveClient();
    const connection = await client.connect({ id: ID(), url: server.url });
    const frame = await firstValueFrom(connection.frames);
    expect(frame).toEqual(Frame.text('hello'));
    expect(frame.type === 'message' && Object.getPrototypeOf(frame.message)).toBe(Object.prototype);
    await client.closeAll();
  });
});
