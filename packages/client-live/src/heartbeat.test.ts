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

describe('application-level heartbeat (heartbeat.ping and heartbeat.isPong)', () => {
  const isPong = (frame: Frame) => frame.type === 'message' && frame.message.type === 'text' && frame.message.text === 'pong';

  it('sends the ping message every interval, no ping frame, and a server answering it keeps the connection', async () => {
    let pingFrames = 0;
    const received: string[] = [];
    await using server = await startServer((socket) => {
      socket.on('ping', () => (pingFrames += 1));
      socket.on('message', (data) => {
        received.push(data.toString());
        if (data.toString() === 'ping') socket.send('pong');
      });
    });
    const connection = await client.connect({
      id: ID(),
      url: server.url,
      heartbeat: { interval: 40, timeout: 400, ping: () => Frame.text('ping'), isPong },
    });
    // The answers are frames like any other: the application sees them.
    const pongs = await firstValueFrom(connection.frames.pipe(take(3), toArray()));
    expect(pongs).toEqual([Frame.text('pong'), Frame.text('pong'), Frame.text('pong')]);
    expect(received.slice(0, 3)).toEqual(['ping', 'ping', 'ping']);
    expect(pingFrames).toBe(0);
    expect(connection.isConnected()).toBe(true);
  });

  it('ends with 1006 when no message passes isPong within the timeout, even if pong frames come', async () => {
    // ws answers ping frames, but nobody answers the ping message: only isPong counts.
    await using server = await startServer((socket) => socket.on('message', () => socket.send('not a pong')));
    const connection = await client.connect({
      id: ID(),
      url: server.url,
      heartbeat: { interval: 40, timeout: 80, ping: () => Frame.text('ping'), isPong },
    });
    expect(await lastValueFrom(connection.status)).toEqual({ type: 'didClose', code: 1006, reason: '' });
  });

  it('fails the connection with 1011, saying why, when ping throws or makes something else than a message; isPong throwing is "no"', async () => {
    await using server = await startServer((socket) => socket.on('message', (data) => socket.send(data)));
    const throwing = await client.connect({
      id: ID(),
      url: server.url,
      heartbeat: {
        interval: 30,
        ping: () => {
          throw new Error('no clock');
        },
        isPong,
      },
    });
    expect(await lastValueFrom(throwing.status)).toEqual({ type: 'didClose', code: 1011, reason: 'heartbeat.ping failed: no clock' });
    const wrong = await client.connect({ id: ID(), url: server.url, heartbeat: { interval: 30, ping: () => Frame.ping(), isPong } });
    expect(await lastValueFrom(wrong.status)).toMatchObject({
      type: 'didClose',
      code: 1011,
      reason: expect.stringContaining('text or binary'),
    });
    const badIsPong = await client.connect({
      id: ID(),
      url: server.url,
      heartbeat: {
        interval: 30,
        timeout: 60,
        ping: () => Frame.text('ping'),
        isPong: () => {
          throw new Error('oops');
        },
      },
    });
    expect(await lastValueFrom(badIsPong.status)).toEqual({ type: 'didClose', code: 1006, reason: '' });
  });

  it('refuses ping without isPong (and the reverse) at open with InvalidSettingsError', () => {
    expect(() => client.open({ id: ID(), url: 'ws://127.0.0.1:9', heartbeat: { interval: 100, ping: () => Frame.text('p') } })).toThrow(
      expect.objectContaining({ _tag: 'InvalidSettingsError', setting: 'heartbeat.isPong' }),
    );
    expect(() => client.open({ id: ID(), url: 'ws://127.0.0.1:9', heartbeat: { interval: 100, isPong } })).toThrow(
      expect.objectContaining({ _tag: 'InvalidSettingsError', setting: 'heartbeat.ping' }),
    );
  });
});
