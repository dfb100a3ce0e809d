import { Frame, HandshakeFailedError, ID, type ConnectionStatus } from '@aws/client';
import {
  activeHandles,
  readRequestHead,
  settledHandles,
  startEchoServer,
  startRawWebSocketPeer,
  startServer,
  startTcpPeer,
  switchingProtocols,
  waitFor,
} from '@aws/test-utils';
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

const client = createLiveClient();
afterEach(() => client.closeAll());

type Reconnecting = Extract<ConnectionStatus, { type: 'reconnecting' }>;
const fast = { minDelay: 20, maxDelay: 200, factor: 2 };

function record(id: ID): ConnectionStatus[] {
  const statuses: ConnectionStatus[] = [];
  client.status(id).subscribe((status) => statuses.push(status));
  return statuses;
}
const reconnectings = (statuses: ConnectionStatus[]) => statuses.filter((s): s is Reconnecting => s.type === 'reconnecting');
const connectedCount = (statuses: ConnectionStatus[]) => statuses.filter((s) => s.type === 'connected').length;

describe('reconnection', () => {
  it('comes back after the server is killed and restarted, with growing jittered delays, on the same streams', async () => {
    const first = await startEchoServer();
    const { port } = first;
    const id = ID();
    client.open({ id, url: first.url, reconnect: fast });
    const statuses = record(id);
    const frames: Frame[] = [];
    client.receive(id).subscribe((frame) => frames.push(frame));
    await waitFor(() => client.isConnected(id), 5_000, 'connected');
    await client.send(id, Frame.text('before'));
    await waitFor(() => frames.length === 1, 5_000, 'the first echo');

    await first.close();
    await waitFor(() => reconnectings(statuses).length >= 4, 5_000, 'four attempts against a dead server');
    await using second = await startEchoServer({}, port);
    await waitFor(() => connectedCount(statuses) === 2, 5_000, 'reconnected');
    await client.send(id, Frame.text('after'));
    await waitFor(() => frames.length === 2, 5_000, 'the second echo');

    expect(frames).toEqual([Frame.text('before'), Frame.text('after')]);
    const attempts = reconnectings(statuses);
    expect(attempts.map((s) => s.attempt)).toEqual(attempts.map((_, i) => i + 1));
    attempts.forEach((s) => {
      expect(s.delay).toBeGreaterThanOrEqual(fast.minDelay);
      expect(s.delay).toBeLessThanOrEqual(Math.min(fast.maxDelay, fast.minDelay * 2 ** (s.attempt - 1)));
    });
    expect(attempts[0]?.close).toEqual({ code: 1006, reason: '' });
    expect(second.sockets).toHaveLength(1);
  });

  it('never retries after a 401 answer', async () => {
    let dials = 0;
    await using peer = await startTcpPeer(async (socket) => {
      dials += 1;
      await readRequestHead(socket);
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    });
    const statuses = await lastValueFrom(client.open({ id: ID(), url: peer.url, reconnect: fast }).pipe(toArray()));
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'didFail']);
    expect((statuses[1] as Extract<ConnectionStatus, { type: 'didFail' }>).error).toMatchObject({ status: 401 });
    expect(dials).toBe(1);
  });

  it('honours Retry-After on a 503 and connects on the next attempt', async () => {
    const dialledAt: number[] = [];
    await using peer = await startRawWebSocketPeer(
      () => {},
      (key) => {
        dialledAt.push(Date.now());
        return dialledAt.length === 1
          ? 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n'
          : switchingProtocols(key);
      },
    );
    const id = ID();
    const statuses: ConnectionStatus[] = [];
    client.open({ id, url: peer.url, reconnect: fast, compression: false }).subscribe((s) => statuses.push(s));
    await waitFor(() => client.isConnected(id), 5_000, 'connected after the 503');
    const [waited] = reconnectings(statuses);
    expect(waited?.delay).toBe(1000);
    expect(waited?.error).toBeInstanceOf(HandshakeFailedError);
    expect(dialledAt[1]! - dialledAt[0]!).toBeGreaterThanOrEqual(950);
  });

  it('delivers a message sent during the outage after reconnection, exactly once', async () => {
    const first = await startEchoServer();
    const id = ID();
    client.open({ id, url: first.url, reconnect: fast });
    const statuses = record(id);
    await waitFor(() => client.isConnected(id), 5_000, 'connected');
    await first.close();
    await waitFor(() => reconnectings(statuses).length >= 1, 5_000, 'the outage noticed');
    const sent = client.send(id, Frame.text('during the outage'));
    const received: string[] = [];
    await using second = await startServer((socket) => socket.on('message', (data) => received.push(String(data))), {}, first.port);
    await sent;
    await waitFor(() => received.length >= 1, 5_000, 'the queued message');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual(['during the outage']);
    expect(second.sockets).toHaveLength(1);
  });

  it("never retries after the application's own close", async () => {
    await using server = await startEchoServer();
    const id = ID();
    const statuses = lastValueFrom(client.open({ id, url: server.url, reconnect: fast }).pipe(toArray()));
    await waitFor(() => client.isConnected(id), 5_000, 'connected');
    await client.close(id, 1000, 'done');
    expect((await statuses).map((s) => s.type)).toEqual(['connecting', 'connected', 'didClose']);
  });

  it('does not retry a normal closure by the server, and retries a server going away', async () => {
    await using server = await startServer((socket) => setTimeout(() => socket.close(server.sockets.length === 1 ? 1001 : 1000), 10));
    const id = ID();
    const statuses = await lastValueFrom(client.open({ id, url: server.url, reconnect: fast }).pipe(toArray()));
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'connected', 'reconnecting', 'connecting', 'connected', 'didClose']);
    expect(statuses.at(-1)).toEqual({ type: 'didClose', code: 1000, reason: '' });
  });

  it('gives up after maxAttempts, failing every queued send', async () => {
    await using peer = await startTcpPeer();
    const url = peer.url;
    await peer.close();
    const id = ID();
    const statuses = lastValueFrom(client.open({ id, url, reconnect: { ...fast, maxAttempts: 2 } }).pipe(toArray()));
    const queued = client.send(id, Frame.text('never'));
    const types = (await statuses).map((s) => s.type);
    expect(types).toEqual(['connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'didFail']);
    await expect(queued).rejects.toMatchObject({ _tag: 'ConnectionFailedError', code: 'ECONNREFUSED' });
  });

  it('keeps counting attempts when the server drops each connection before minUptime', async () => {
    await using server = await startServer((socket) => setTimeout(() => socket.terminate(), 5));
    const id = ID();
    client.open({ id, url: server.url, reconnect: { ...fast, minUptime: 10_000 } });
    const statuses = record(id);
    await waitFor(() => reconnectings(statuses).length >= 3, 5_000, 'three drops');
    expect(
      reconnectings(statuses)
        .slice(0, 3)
        .map((s) => s.attempt),
    ).toEqual([1, 2, 3]);
  });

  it('lets a predicate decide, and evaluates url and headers anew for every attempt', async () => {
    let tokens = 0;
    await using server = await startServer((socket) => setTimeout(() => socket.close(4000 + server.sockets.length), 5));
    const id = ID();
    const statuses = await lastValueFrom(
      client
        .open({
          id,
          url: async () => `${server.url}/?attempt=${tokens}`,
          headers: () => ({ authorization: `Bearer token-${(tokens += 1)}` }),
          reconnect: { ...fast, shouldReconnect: ({ close }) => (close?.code === 4001 ? { delay: 10 } : false) },
        })
        .pipe(toArray()),
    );
    expect(reconnectings(statuses).map((s) => s.delay)).toEqual([10]);
    expect(statuses.at(-1)).toMatchObject({ type: 'didClose', code: 4002 });
    expect(server.sockets.map((s) => s.request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(server.sockets.map((s) => s.request.url)).toEqual(['/?attempt=0', '/?attempt=1']);
  });
});

describe('per-attempt settings that fail', () => {
  it('retries when the url function throws (a token service down), and connects once it answers', async () => {
    await using server = await startEchoServer();
    let calls = 0;
    const id = ID();
    const opened = client.connect({
      id,
      url: async () => {
        calls += 1;
        if (calls === 1) throw new Error('token service unavailable');
        return server.url;
      },
      reconnect: fast,
    });
    const connection = await opened;
    expect(calls).toBe(2);
    expect(connection.isConnected()).toBe(true);
  });

  it('gives up with InvalidUrlError when the url function returns a bad URL', async () => {
    const statuses = await lastValueFrom(client.open({ id: ID(), url: () => 'http://not-a-websocket', reconnect: fast }).pipe(toArray()));
    expect(statuses.map((s) => s.type)).toEqual(['connecting', 'didFail']);
    expect(statuses[1]).toMatchObject({ error: { _tag: 'InvalidUrlError' } });
  });
});

describe('clean-up in the middle of reconnection', () => {
  it('close during the backoff wait leaves no timer or socket, and reports the close', async () => {
    const server = await startEchoServer();
    const baseline = activeHandles();
    const id = ID();
    const statuses = lastValueFrom(client.open({ id, url: server.url, reconnect: { minDelay: 60_000, maxDelay: 60_000 } }).pipe(toArray()));
    await waitFor(() => client.isConnected(id), 5_000, 'connected');
    await server.close();
    await firstValueFrom(client.status(id).pipe(filter((s) => s.type === 'reconnecting')));
    await client.close(id, 1000, 'bye');
    expect((await statuses).at(-1)).toEqual({ type: 'didClose', code: 1000, reason: 'bye' });
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('disposing the handle (await using) in the middle of a backoff wait ends it for good and leaves nothing behind', async () => {
    const server = await startEchoServer();
    const baseline = activeHandles();
    const id = ID();
    {
      await using connection = await client.connect({ id, url: server.url, reconnect: { minDelay: 60_000, maxDelay: 60_000 } });
      await server.close();
      await firstValueFrom(connection.status.pipe(filter((s) => s.type === 'reconnecting')));
    }
    expect(() => client.status(id)).toThrow();
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('close during a reconnection handshake leaves nothing behind', async () => {
    const server = await startEchoServer();
    const port = server.port;
    const id = ID();
    client.open({ id, url: server.url, reconnect: fast, handshakeTimeout: 60_000 });
    await waitFor(() => client.isConnected(id), 5_000, 'connected');
    await server.close();
    // A peer that accepts TCP on the same port and never answers the handshake.
    await using silent = await startTcpPeer(undefined, port);
    await waitFor(() => silent.sockets.length >= 1, 5_000, 'a reconnection handshake in flight');
    const baseline = activeHandles();
    await client.close(id);
    const left = await settledHandles(baseline);
    expect(left.Timeout ?? 0).toBe(0);
    expect(client.isConnected(id)).toBe(false);
  });
});
