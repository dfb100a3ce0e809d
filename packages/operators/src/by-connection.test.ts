import { ConnectionFailedError, Frame, ID, type ConnectionStatus } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { startEchoServer, waitFor } from '@aws/test-utils';
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
      .subscribe(({ connection, value }) => tagged.push({ connection, value: value.type === 'message' && value.message.type === 'text' ? value.message.text : '' }));
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
});
