import { Frame, ID, InvalidFrameError } from '@aws/client';
import { on } from '@aws/operators';
import { createMemoryNetwork } from '@aws/server-core';
import { setTimeout as sleep } from 'node:timers/promises';
import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ClientCodec, Incoming } from './codec.js';
import { RemoteError } from './errors.js';
import { RpcClient } from './rpc-client.js';
import { rpcService } from './rpc-service.js';
import type { ServerCodec } from './server-codec.js';

// A protocol of its own, plugged in through the two codec interfaces: `method arg` lines without ids, answered
// `ok value` or `err reason` in request order (the server's `ordered`), matched to the oldest pending call.
const lineClient: ClientCodec<string> = {
  encode: (request) => Frame.text(request),
  decode: (frames) =>
    frames.pipe(
      on('message.text'),
      map((text): Incoming => {
        const [kind, ...rest] = text.split(' ');
        const value = rest.join(' ');
        return kind === 'ok'
          ? { type: 'answer', reply: text, outcome: { ok: true, value } }
          : { type: 'answer', reply: text, outcome: { ok: false, error: new RemoteError(value, 'err', text) } };
      }),
    ),
  matches: () => true,
};

const lineServer: ServerCodec = {
  decode(message) {
    const text = message.type === 'text' ? message.text : '';
    const [method = '', ...rest] = text.split(' ');
    return { calls: [{ id: undefined, method, params: rest.join(' '), answered: true }], batch: false };
  },
  result: (_call, value) => `ok ${String(value)}`,
  error: (_call, error) => `err ${error.message}`,
  frames: (answers) => answers.map((answer) => Frame.text(String(answer))),
  event: () => Frame.text(''),
  unsubscribes: () => undefined,
  ordered: true,
};

describe('a protocol of its own', () => {
  it('rejects a call whose frame cannot be sent with the send error, typed', async () => {
    const { server, client } = createMemoryNetwork();
    server.register('/lines', rpcService(lineServer, {}));
    await using connection = await client.connect({ id: ID(), url: 'ws://test/lines' });
    // A ping payload may not exceed 125 bytes: the client refuses the frame.
    using rpc = new RpcClient(connection, { ...lineClient, encode: () => Frame.ping(new Uint8Array(200)) });
    await expect(rpc.call('anything')).rejects.toBeInstanceOf(InvalidFrameError);
    expect(rpc.pendingCalls).toBe(0);
    await server.close();
  });

  it('keeps answers in request order with `ordered`, so calls without ids find their answers', async () => {
    const { server, client } = createMemoryNetwork();
    server.register(
      '/lines',
      rpcService(
        lineServer,
        {
          // The first call takes longest: unordered, its answer would come last and go to the wrong call.
          upper: async (params) => {
            await sleep(params === 'a' ? 30 : 1);
            return String(params).toUpperCase();
          },
          fail: () => {
            throw new Error('hidden');
          },
        },
        { concurrency: 4 },
      ),
    );
    await using connection = await client.connect({ id: ID(), url: 'ws://test/lines' });
    using rpc = new RpcClient(connection, lineClient);
    const answers = await Promise.allSettled([rpc.call('upper a'), rpc.call('upper b'), rpc.call('fail now'), rpc.call('upper c')]);
    expect(answers.map((answer) => (answer.status === 'fulfilled' ? answer.value : (answer.reason as Error).message))).toEqual([
      'A',
      'B',
      'Internal error',
      'C',
    ]);
    await server.close();
  });
});
