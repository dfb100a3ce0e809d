import { Frame, HandshakeFailedError, ID, type CloseInfo, type ConnectionStatus } from '@aws/client';
import { accept, refuse, type Service } from '@aws/server';
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from './memory-network.js';

const echo: Service = { received: (message, connection) => connection.send({ type: 'message', message }) };

describe('the in-memory network: a service unit-tested without a port', () => {
  it('carries messages both ways, in order', async () => {
    const { server, client } = createMemoryNetwork();
    server.register('/echo', echo);
    await using connection = await client.connect({ id: ID(), url: 'ws://test/echo' });
    const echoed = lastValueFrom(
      connection.frames.pipe(
        filter((frame) => frame.type === 'message'),
        take(3),
        toArray(),
      ),
    );
    for (const text of ['a', 'b', 'c']) await connection.send(Frame.text(text));
    expect(await echoed).toEqual([Frame.text('a'), Frame.text('b'), Frame.text('c')]);
  });

  it('applies the upgrade decision: a refusal is the HandshakeFailedError a live client gets, a 404 for no service', async () => {
    const { server, client } = createMemoryNetwork();
    server.register('/private', { upgrade: (request) => (request.headers.authorization === 'ok' ? accept('ada') : refuse(401)) });
    const refused = await client.connect({ id: ID(), url: 'ws://test/private' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HandshakeFailedError);
    expect((refused as HandshakeFailedError).status).toBe(401);
    expect(((await client.connect({ id: ID(), url: 'ws://test/none' }).catch((e: unknown) => e)) as HandshakeFailedError).status).toBe(404);
    await using connection = await client.connect({ id: ID(), url: 'ws://test/private', headers: { Authorization: 'ok' } });
    expect(connection.isConnected()).toBe(true);
    expect(server.connections('/private').map((accepted) => [accepted.context, accepted.remoteAddress])).toEqual([['ada', 'memory']]);
  });

  it('echoes the chosen subprotocol, and fails a handshake where none was chosen', async () => {
    const { server, client } = createMemoryNetwork();
    server.register('/chat', { upgrade: () => accept(undefined, { protocol: 'chat.v2' }) });
    server.register('/plain', {});
    await using connection = await client.connect({ id: ID(), url: 'ws://test/chat', protocols: ['chat.v1', 'chat.v2'] });
    expect(connection.protocol).toBe('chat.v2');
    expect(await client.connect({ id: ID(), url: 'ws://test/plain', protocols: ['chat.v1'] }).catch((e: unknown) => e)).toBeInstanceOf(
      HandshakeFailedError,
    );
  });

  it('reports the close codes as the live server does: client close, server close, drop, a throwing handler', async () => {
    const { server, client } = createMemoryNetwork();
    const disconnects: CloseInfo[] = [];
    server.register('/s', {
      received: (message, connection) => {
        if (message.type !== 'text') return;
        if (message.text === 'close') return void connection.close(4000, 'asked');
        if (message.text === 'drop') return void connection.drop();
        throw new Error('handler bug');
      },
      disconnected: (_connection, close) => void disconnects.push(close),
    });
    const ending = async (text?: string): Promise<ConnectionStatus> => {
      const connection = await client.connect({ id: ID(), url: 'ws://test/s' });
      const last = lastValueFrom(connection.status);
      if (text === undefined) await connection.close(4001, 'bye');
      else await connection.send(Frame.text(text));
      return last;
    };
    expect(await ending()).toEqual({ type: 'didClose', code: 4001, reason: 'bye' });
    expect(await ending('close')).toEqual({ type: 'didClose', code: 4000, reason: 'asked' });
    expect(await ending('drop')).toEqual({ type: 'didClose', code: 1006, reason: '' });
    expect(await ending('boom')).toEqual({ type: 'didClose', code: 1011, reason: 'internal error' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(disconnects).toEqual([
      { code: 4001, reason: 'bye' },
      { code: 4000, reason: 'asked' },
      { code: 1006, reason: '' },
      { code: 1011, reason: 'internal error' },
    ]);
  });

  it('publishes to topics and shuts down with 1001', async () => {
    const { server, client } = createMemoryNetwork();
    server.register('/room', { connected: (connection) => connection.subscribe('lobby') });
    const a = await client.connect({ id: ID(), url: 'ws://test/room' });
    const b = await client.connect({ id: ID(), url: 'ws://test/room' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const got = firstValueFrom(b.frames.pipe(filter((frame) => frame.type === 'message')));
    expect(server.publish('lobby', Frame.text('hi'), { except: server.connections()[0] })).toEqual({
      delivered: 1,
      skipped: [],
      closed: [],
    });
    expect(await got).toEqual(Frame.text('hi'));
    const ends = [lastValueFrom(a.status), lastValueFrom(b.status)];
    await server.close();
    for (const end of await Promise.all(ends)) expect(end).toMatchObject({ type: 'didClose', code: 1001 });
  });
});
