import { getEventListeners } from 'node:events';
import { Frame, ID } from '@aws/client';
import { startRawWebSocketPeer, startServer } from '@aws/test-utils';
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

const client = createLiveClient();
afterEach(() => client.closeAll());

describe('ping interval', () => {
  it('sends a ping every interval (milliseconds, not truncated) and sees the pongs', async () => {
    let pings = 0;
    await using server = await startServer((socket) => socket.on('ping', () => (pings += 1)));
    const connection = await client.connect({ id: ID(), url: server.url, pingInterval: 40 });
    const pongs = await firstValueFrom(
      connection.frames.pipe(
        filter((f) => f.type === 'pong'),
        take(3),
        toArray(),
      ),
    );
    expect(pongs).toHaveLength(3);
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(connection.isConnected()).toBe(true);
    await connection.close();
  });

  it('terminates and reports 1006 when the server does not answer a ping before the next one', async () => {
    await using server = await startServer(() => {}, { autoPong: false });
    const connection = await client.connect({ id: ID(), url: server.url, pingInterval: 50 });
    const ended = await lastValueFrom(connection.status);
    expect(ended).toEqual({ type: 'didClose', code: 1006, reason: '' });
    expect(await lastValueFrom(connection.frames)).toEqual(Frame.close(1006, ''));
  });

  it('shows pings from the server as frames and answers them with the same payload', async () => {
    const payload = Buffer.from('are you there?');
    let answer: Buffer | undefined;
    await using server = await startServer((socket) => {
      socket.on('pong', (data) => (answer = data));
      setTimeout(() => socket.ping(payload), 20);
    });
    const connection = await client.connect({ id: ID(), url: server.url });
    const ping = await firstValueFrom(connection.frames);
    expect(ping.type === 'ping' && Buffer.from(ping.data).toString()).toBe('are you there?');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(answer?.toString()).toBe('are you there?');
    await connection.close();
  });

  it('detects a half-open connection (a peer that stops answering) within interval + timeout, with terminate', async () => {
    // A raw peer that completes the handshake, then never sends a byte again: no pong, no close, no FIN.
    await using peer = await startRawWebSocketPeer(() => {});
    const connection = await client.connect({ id: ID(), url: peer.url, heartbeat: { interval: 100, timeout: 100 }, compression: false });
    const started = Date.now();
    expect(await lastValueFrom(connection.status)).toEqual({ type: 'didClose', code: 1006, reason: '' });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(190);
    // Generous: a 2-core CI machine may be slow, but a close that waits (30 s closeTimeout) would be far beyond this.
    expect(took).toBeLessThan(5_000);
  });

  it('removes its abort listener from the signal once open', async () => {
    await using server = await startServer();
    const controller = new AbortController();
    const connection = await client.connect({ id: ID(), url: server.url, signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await connection.close();
  });
});
