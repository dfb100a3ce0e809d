import { Frame, ID, type Message } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { createLiveServer } from '@aws/server-live';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accept } from '@aws/server';
import { connectSession } from './client-session.js';
import type { ServerSession } from './server-session.js';
import { sessionService } from './session-service.js';

const text = (message: Message): string => (message.type === 'text' ? message.text : `binary:${message.data.byteLength}`);
let baseline: Record<string, number>;
beforeEach(() => {
  baseline = activeHandles();
});
afterEach(async () => {
  expect(await settledHandles(baseline)).toEqual({});
});

describe('a session between the live client and the live server', () => {
  it('echoes text and binary, each send resolving on the acknowledgement', async () => {
    const server = createLiveServer();
    const service = sessionService({ received: (message, session) => void session.send({ type: 'message', message }).catch(() => {}) });
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const session = await within(connectSession(client, { id: ID(), url: `${url}/s` }), 3_000, 'connectSession');
    const got: string[] = [];
    session.frames.subscribe((frame) => frame.type === 'message' && got.push(text(frame.message)));
    await session.send(Frame.text('hello'));
    await session.send(Frame.binary(new Uint8Array([1, 2, 3])));
    await waitFor(() => got.length === 2, 2_000, 'the echoes');
    expect(got).toEqual(['hello', 'binary:3']);
    expect(session.unacknowledged).toBe(0);
    expect(service.sessions()).toHaveLength(1);
    await session.close();
    await waitFor(() => service.sessions().length === 0, 2_000, 'the session to end');
    await client.closeAll();
    await server.close();
  });

  it("composes with the application's subprotocol, headers and query, and a URL given per attempt", async () => {
    const server = createLiveServer();
    const seen: Array<{ room: string | null; protocol: string; token: string | undefined }> = [];
    const service = sessionService({
      upgrade: (request) => accept({ token: request.headers['x-token'] }, { protocol: 'chat.v2' }),
      connected: (session) =>
        void seen.push({
          room: session.connection?.query.get('room') ?? null,
          protocol: session.connection?.protocol ?? '',
          token: session.context.token,
        }),
    });
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    let attempts = 0;
    const session = await connectSession(client, {
      id: ID(),
      url: async () => `${url}/s?room=${++attempts}`,
      protocols: ['chat.v2'],
      headers: { 'x-token': 't' },
    });
    expect(seen).toEqual([{ room: '1', protocol: 'chat.v2', token: 't' }]);
    await session.close();
    await client.closeAll();
    await server.close();
  });

  it('for await over the frames: a loop that breaks and another that starts miss nothing', async () => {
    const server = createLiveServer();
    let live: ServerSession | undefined;
    const service = sessionService({ connected: (session) => void (live = session) });
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const session = await connectSession(client, { id: ID(), url: `${url}/s` });
    const sends = ['a', 'b', 'c', 'd'].map((value) => (live as ServerSession).send(Frame.text(value)).catch(() => {}));
    const take = async (count: number): Promise<string[]> => {
      const got: string[] = [];
      for await (const frame of session.frames) {
        if (frame.type === 'message') got.push(text(frame.message));
        if (got.length === count) break;
      }
      return got;
    };
    expect(await within(take(2), 2_000, 'the first loop')).toEqual(['a', 'b']);
    expect(await within(take(2), 2_000, 'the second loop')).toEqual(['c', 'd']);
    await within(Promise.all(sends), 2_000, 'the acknowledgements');
    await session.close();
    await client.closeAll();
    await server.close();
  });

  it('posts both ways, unawaited, arrive exactly once and in order across a drop of the server socket', async () => {
    const server = createLiveServer();
    let dropped = false;
    const service = sessionService({
      received: (message, session) => {
        session.post({ type: 'message', message });
        if (!dropped && text(message) === 'n50') {
          dropped = true;
          void session.connection?.drop();
        }
      },
    });
    server.register('/s', service);
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const session = await connectSession(client, { id: ID(), url: `${url}/s`, reconnect: { minDelay: 1, maxDelay: 20 } });
    const statuses: string[] = [];
    session.status.subscribe((status) => void statuses.push(status.type));
    const got: string[] = [];
    session.frames.subscribe((frame) => frame.type === 'message' && got.push(text(frame.message)));
    const numbers = Array.from({ length: 200 }, (_, index) => `n${index}`);
    for (const value of numbers) session.post(Frame.text(value));
    await waitFor(() => got.length >= 200 && session.unacknowledged === 0, 5_000, 'every echo, acknowledged');
    expect(got).toEqual(numbers);
    expect(statuses).toContain('resumed');
    expect(() => session.post(Frame.close(1000, ''))).toThrow(expect.objectContaining({ _tag: 'InvalidFrameError' }));
    await session.close();
    expect(() => session.post(Frame.text('late'))).toThrow(expect.objectContaining({ _tag: 'SessionClosedError' }));
    await client.closeAll();
    await server.close();
  });
});
