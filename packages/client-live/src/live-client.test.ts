import {
  AlreadyOpenedError,
  ConnectionClosedError,
  ConnectionFailedError,
  Frame,
  ID,
  InvalidUrlError,
  type ConnectionStatus,
  type Frame as FrameType,
} from '@aws/client';
import { startEchoServer, type TestServer } from '@aws/test-utils';
import { filter, firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

// The seed's BasicEchoTests, against a real ws echo server on 127.0.0.1:0.
describe('live client against an echo server', () => {
  let server: TestServer;
  const client = createLiveClient();
  beforeEach(async () => {
    server = await startEchoServer();
  });
  afterEach(async () => {
    await client.closeAll();
    await server.close();
  });

  it('rejects an invalid scheme with InvalidUrlError and registers nothing', () => {
    const id = ID();
    expect(() => client.open({ id, url: 'ooo://127.0.0.1' })).toThrow(InvalidUrlError);
    expect(() => client.receive(id)).toThrow(ConnectionClosedError);
  });

  it('reports an unresolvable host as didFail with ConnectionFailedError and keeps no connection', async () => {
    const id = ID();
    const statuses = await lastValueFrom(client.open({ id, url: 'ws://no-such-host.invalid' }).pipe(toArray()));
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'didFail']);
    const failed = statuses[1] as Extract<ConnectionStatus, { type: 'didFail' }>;
    expect(failed.error).toBeInstanceOf(ConnectionFailedError);
    expect(client.isConnected(id)).toBe(false);
    await expect(client.send(id, Frame.text('x'))).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('connects, reports connecting then connected, and closes with normalClosure', async () => {
    const id = ID();
    const statuses: string[] = [];
    client.open({ id, url: server.url }).subscribe((s) => statuses.push(s.type));
    await firstValueFrom(client.status(id).pipe(filter((s) => s.type === 'connected')));
    expect(client.isConnected(id)).toBe(true);
    await expect(client.close(id)).resolves.toEqual({ code: 1000, reason: '' });
    expect(statuses).toEqual(['connecting', 'connected', 'didClose']);
    expect(client.isConnected(id)).toBe(false);
    expect(() => client.receive(id)).toThrow(ConnectionClosedError);
  });

  it('rejects send on an unknown id with ConnectionClosedError', async () => {
    await expect(client.send(ID(), Frame.text('Hello'))).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('throws ConnectionClosedError for receive on an unknown id', () => {
    expect(() => client.receive(ID())).toThrow(ConnectionClosedError);
  });

  it('echoes text, then ends the frame stream with the close frame of the code it sent', async () => {
    const connection = await client.connect({ id: ID(), url: server.url });
    const frames = lastValueFrom(connection.frames.pipe(toArray()));
    const echoed = messages(connection.frames, 1);
    await connection.send(Frame.text('Hello'));
    await echoed;
    await connection.close();
    expect(await frames).toEqual([Frame.text('Hello'), Frame.close(1000, '')]);
  });

  it('echoes binary as binary', async () => {
    const connection = await client.connect({ id: ID(), url: server.url });
    const bytes = new TextEncoder().encode('Hello');
    const first = firstValueFrom(connection.frames);
    await connection.send(Frame.binary(bytes));
    const frame = await first;
    expect(frame.type === 'message' && frame.message.type === 'binary' && [...frame.message.data]).toEqual([...bytes]);
    await connection.close();
  });

  it('answers a ping with a pong', async () => {
    const connection = await client.connect({ id: ID(), url: server.url });
    const pong = firstValueFrom(connection.frames);
    await connection.send(Frame.ping());
    expect((await pong).type).toBe('pong');
    await connection.close();
  });

  it('keeps two connections apart, closing one leaves the other working', async () => {
    const id1 = ID();
    const id2 = ID();
    const [c1, c2] = await Promise.all([client.connect({ id: id1, url: server.url }), client.connect({ id: id2, url: server.url })]);
    const frames1 = lastValueFrom(c1.frames.pipe(toArray()));
    const pong1 = firstValueFrom(c1.frames);
    await c1.send(Frame.ping());
    await pong1;
    await c1.close(1001);
    expect((await frames1).map((f) => f.type)).toEqual(['pong', 'close']);
    expect((await frames1).at(-1)).toEqual(Frame.close(1001, ''));
    expect(client.isConnected(id1)).toBe(false);
    expect(client.isConnected(id2)).toBe(true);
    const payload = new TextEncoder().encode('Task id2 ping');
    const pong2 = firstValueFrom(c2.frames);
    await c2.send(Frame.ping(payload));
    const frame = await pong2;
    expect(frame.type === 'pong' && Buffer.from(frame.data).toString()).toBe('Task id2 ping');
    await c2.close();
  });

  it('fails a second open of an id that is still opening, with AlreadyOpenedError', async () => {
    const id = ID();
    const first = client.connect({ id, url: server.url });
    expect(() => client.open({ id, url: server.url })).toThrow(AlreadyOpenedError);
    await expect(client.connect({ id, url: server.url })).rejects.toBeInstanceOf(AlreadyOpenedError);
    await (await first).close();
    // Once ended, the id can be used again.
    const again = await client.connect({ id, url: server.url });
    await again.close();
  });

  it('multicasts: two subscribers of receive(id) get every frame', async () => {
    const connection = await client.connect({ id: ID(), url: server.url });
    const a = lastValueFrom(connection.frames.pipe(toArray()));
    const b = lastValueFrom(connection.frames.pipe(toArray()));
    const echoed = messages(connection.frames, 2);
    await connection.send(Frame.text('one'));
    await connection.send(Frame.text('two'));
    await echoed;
    await connection.close();
    const expected = [Frame.text('one'), Frame.text('two'), Frame.close(1000, '')];
    expect(await a).toEqual(expected);
    expect(await b).toEqual(expected);
  });

  it('is consumed with for await, and leaving the loop unsubscribes', async () => {
    const connection = await client.connect({ id: ID(), url: server.url });
    await connection.send(Frame.text('a'));
    await connection.send(Frame.text('b'));
    const texts: string[] = [];
    for await (const frame of connection.frames) {
      if (frame.type === 'message' && frame.message.type === 'text') texts.push(frame.message.text);
      if (texts.length === 2) break;
    }
    expect(texts).toEqual(['a', 'b']);
    await connection.close();
  });

  it('sends frames queued while connecting once the handshake completes, in order', async () => {
    const id = ID();
    client.open({ id, url: server.url });
    const sent = Promise.all([client.send(id, Frame.text('early 1')), client.send(id, Frame.text('early 2'))]);
    const frames = lastValueFrom(client.receive(id).pipe(toArray()));
    const echoed = messages(client.receive(id), 2);
    await sent;
    await echoed;
    await client.close(id);
    expect(await frames).toEqual([Frame.text('early 1'), Frame.text('early 2'), Frame.close(1000, '')]);
  });
});

/** Resolves once `count` message frames have arrived on the stream (the echo of what was sent). */
function messages(frames: Observable<FrameType>, count: number): Promise<FrameType[]> {
  return firstValueFrom(
    frames.pipe(
      filter((frame) => frame.type === 'message'),
      take(count),
      toArray(),
    ),
  );
}
