import { Frame, ID, type Connection } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { setTimeout as sleep } from 'node:timers/promises';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandlerError } from './errors.js';
import { jsonRpcService } from './json-rpc-server.js';
import { serveRpc, type RpcTestServer } from './test-fixtures.js';

// The server side, read on the wire: the project's client sends the texts and collects the answers as they come.
let server: RpcTestServer;
let baseline: Record<string, number>;
let running: number;
let mostRunning: number;
let aborted: number;
const logged: string[] = [];

const schemas = {
  add: { params: v.tuple([v.number(), v.number()]), result: v.number() },
  wait: { params: v.tuple([v.number()]), result: v.number() },
  log: { params: v.tuple([v.string()]), result: v.null() },
  divide: { params: v.tuple([v.number(), v.number()]), result: v.number() },
  forever: { result: v.never() },
};

beforeEach(async () => {
  baseline = activeHandles();
  running = 0;
  mostRunning = 0;
  aborted = 0;
  logged.length = 0;
  server = await serveRpc(
    jsonRpcService(
      {
        add: ([a, b]) => a + b,
        wait: async ([ms]) => {
          running += 1;
          mostRunning = Math.max(mostRunning, running);
          await sleep(ms);
          running -= 1;
          return ms;
        },
        log: ([text]) => {
          logged.push(text);
          return null;
        },
        divide: ([a, b]) => {
          if (b === 0) throw new HandlerError(1, 'division by zero', { a });
          return a / b;
        },
        forever: (_params, { signal }) =>
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => {
              aborted += 1;
              reject(new Error('gone'));
            }),
          ),
      },
      { schemas, concurrency: 4 },
    ),
  );
});

afterEach(async () => {
  await server.close();
  expect(await settledHandles(baseline)).toEqual({});
});

const client = createLiveClient();

/** A peer that sends texts and collects the parsed answers. */
async function peer(): Promise<{ socket: Connection; answers: unknown[]; send: (text: string) => void }> {
  const socket = await client.connect({ id: ID(), url: server.url });
  const answers: unknown[] = [];
  socket.frames.subscribe((frame) => {
    if (frame.type === 'message' && frame.message.type === 'text') answers.push(JSON.parse(frame.message.text));
  });
  return { socket, answers, send: (text) => void socket.send(Frame.text(text)) };
}

const closed = (socket: Connection): Promise<unknown> => socket.close();

describe('jsonRpcService', () => {
  it('answers requests, batches (without the notifications) and the JSON-RPC errors', async () => {
    const { socket, answers, send } = await peer();
    send('{"jsonrpc":"2.0","method":"add","params":[1,2],"id":1}');
    send('{"jsonrpc":"2.0","method":"log","params":["hi"]}');
    send('[{"jsonrpc":"2.0","method":"add","params":[3,4],"id":"a"},{"jsonrpc":"2.0","method":"log","params":["x"]},{"foo":1}]');
    send('{oops');
    send('[]');
    send('{"jsonrpc":"2.0","method":"nope","id":2}');
    send('{"jsonrpc":"2.0","method":"add","params":["1",2],"id":3}');
    send('{"jsonrpc":"2.0","method":"divide","params":[1,0],"id":4}');
    send('{"jsonrpc":"2.0","method":"add","params":[1,1],"id":null}');
    await waitFor(() => answers.length >= 8, 2_000, 'the answers');
    await sleep(20);
    // Each answer leaves as soon as it is ready: the order across messages is not the order of the requests.
    expect(answers).toHaveLength(8);
    expect(answers).toEqual(
      expect.arrayContaining([
        { jsonrpc: '2.0', id: 1, result: 3 },
        [
          { jsonrpc: '2.0', id: 'a', result: 7 },
          { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } },
        ],
        { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
        { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } },
        { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
        { jsonrpc: '2.0', id: 3, error: { code: -32602, message: 'Invalid params', data: [expect.objectContaining({ path: [0] })] } },
        { jsonrpc: '2.0', id: 4, error: { code: 1, message: 'division by zero', data: { a: 1 } } },
        { jsonrpc: '2.0', id: null, result: 2 },
      ]),
    );
    expect(logged).toEqual(['hi', 'x']);
    await closed(socket);
  });

  it('runs at most `concurrency` calls of a connection at once, and answers each as it finishes', async () => {
    const { socket, answers, send } = await peer();
    for (let id = 1; id <= 12; id += 1) send(JSON.stringify({ jsonrpc: '2.0', method: 'wait', params: [id % 2 === 0 ? 5 : 25], id }));
    await waitFor(() => answers.length === 12, 5_000, 'twelve answers');
    expect(mostRunning).toBe(4);
    const ids = answers.map((answer) => (answer as { id: number }).id);
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
    await closed(socket);
  });

  it('aborts the signal of the running handlers when the connection ends', async () => {
    const { socket, send } = await peer();
    send('{"jsonrpc":"2.0","method":"forever","id":1}');
    await sleep(20);
    await within(closed(socket), 2_000, 'the close');
    await waitFor(() => aborted === 1, 2_000, 'the abort');
  });
});
