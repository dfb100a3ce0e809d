import { Frame, ID, type CloseInfo, type WebSocketClientError } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { startEchoServer } from '@aws/test-utils';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { on } from './on.js';

// The seed's OperatorBasicTests, through the live client against a real echo server.
describe('on, end to end', () => {
  const client = createLiveClient();
  afterEach(() => client.closeAll());

  it("receives 'Hello' and ', world!' through on('message.text')", async () => {
    await using server = await startEchoServer();
    const connection = await client.connect({ id: ID(), url: server.url });
    const texts = firstValueFrom(connection.frames.pipe(on('message.text'), take(2), toArray()));
    await connection.send(Frame.text('Hello'));
    await connection.send(Frame.text(', world!'));
    expect((await texts).join('')).toBe('Hello, world!');
  });

  it("on('connected') fires once connected and onDidClose gets the close", async () => {
    await using server = await startEchoServer();
    const id = ID();
    const closes: CloseInfo[] = [];
    const connected = client.open({ id, url: server.url }).pipe(on('connected', { onDidClose: (info) => void closes.push(info) }));
    const all = lastValueFrom(connected.pipe(toArray()));
    await firstValueFrom(connected);
    await client.close(id, 1001);
    expect(await all).toHaveLength(1);
    expect(closes).toEqual([{ code: 1001, reason: '' }]);
  });

  it('onDidFail gets the typed error of a connection that cannot be opened', async () => {
    const failures: WebSocketClientError[] = [];
    const connected = await lastValueFrom(
      client
        .open({ id: ID(), url: 'ws://no-such-host.invalid' })
        .pipe(on('connected', { onDidFail: (error) => void failures.push(error) }), toArray()),
    );
    expect(connected).toEqual([]);
    expect(failures.map((error) => error._tag)).toEqual(['ConnectionFailedError']);
  });
});
