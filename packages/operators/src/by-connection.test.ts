import { ConnectionFailedError, Frame, ID, type ConnectionStatus } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { startEchoServer, startServer, waitFor } from '@aws/test-utils';
import { Subject, filter, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { byConnection } from './by-connection.js';

describe('byConnection', () => {
  it('numbers the values by the connected statuses seen before them', async () => {
    const statuses = new Subject<ConnectionStatus>();
    const frames = new Subject<string>();
    const tagged = lastValueFrom(frames.pipe(byConnection(statuses), toArray()));
    statuses.next({ type: 'connecting', attempt: 0 });
    statuses.next({ type: 'connected', protocol: '', extensions: '' });
    frames.next('a');
    statuses.next({ type: 'reconnecting', attempt: 1, delay: 10, error: new ConnectionFailedError('gone') });
    statuses.next({ type: 'connected', protocol: '', extensions: '' });
    frames.next('b');
    frames.complete();
    expect(await tagged).toEqual([
      { connection: 1, value: 'a' },
      { connection: 2, value: 'b' },
    ]);
    expect(statuses.observed).toBe(false);
  });

  it('tells where a reconnection replaced the socket under one receive(id) stream', async () => {
    const client = createLiveClient();
    const first = await startEchoServer();
    const id = ID();
    client.open({ id, url: first.url, reconnect: { minDelay: 20, maxDelay: 50 } });
    const tagged: Array<{ connection: number; value: string }> = [];
    client
      .receive(id)
      .pipe(
        filter((frame) => frame.type === 'message'),
        byConnection(client.status(id)),
      )
      .subscribe(({ connection, value }) =>
        tagged.push({ connection, value: value.type === 'message' && value.message.type === 'text' ? value.message.text : '' }),
      );
    await waitFor(() => client.isConnected(id), 5_000, 'connected');
    await client.send(id, Frame.text('one'));
    await waitFor(() => tagged.length === 1, 5_000, 'the first echo');
    await first.close();
    await using second = await startEchoServer({}, first.port);
    await waitFor(() => second.sockets.length === 1 && client.isConnected(id), 5_000, 'reconnected');
    await client.send(id, Frame.text('two'));
    await waitFor(() => tagged.length === 2, 5_000, 'the second echo');
    await client.closeAll();
    expect(tagged).toEqual([
      { connection: 1, value: 'one' },
      { connection: 2, value: 'two' },
    ]);
  });

  it('9.17 takes the boundaries from the frame stream itself: frames that waited across a reconnection keep their socket', async () => {
    const client = createLiveClient();
    // Each socket of the server sends its number at once, then the first one drops: nobody listens meanwhile, so
    // both frames wait in the backlog, and the status stream's latest `connected` is the second socket's.
    let sockets = 0;
    await using server = await startServer((socket) => {
      sockets += 1;
      socket.send(`socket ${sockets}`);
      if (sockets === 1) setTimeout(() => socket.terminate(), 20);
    });
    const id = ID();
    client.open({ id, url: server.url, reconnect: { minDelay: 10, maxDelay: 10 } });
    await waitFor(() => sockets === 2 && client.isConnected(id), 5_000, 'reconnected');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tagged = lastValueFrom(client.receive(id).pipe(byConnection(client.status(id)), toArray()));
    await client.close(id);
    const texts = (await tagged).flatMap(({ connection, value }) =>
      value.type === 'message' && value.message.type === 'text' ? [{ connection, value: value.message.text }] : [],
    );
    expect(texts).toEqual([
      { connection: 1, value: 'socket 1' },
      { connection: 2, value: 'socket 2' },
    ]);
  });
});
