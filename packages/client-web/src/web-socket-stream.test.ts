import { Frame, ID, InvalidSettingsError } from '@aws/client';
import { startEchoServer } from '@aws/test-utils';
import { firstValueFrom, filter } from 'rxjs';
import { WebSocket } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { createWebClient } from './web-client.js';
import { webSocketStream } from './web-socket-stream.js';

// The stream itself is exercised where a platform has one: the contract suite runs on Chromium's WebSocketStream
// (runtimes.test.ts). Here, what opting in means where there is none.
const client = createWebClient({ WebSocket, WebSocketStream: webSocketStream() });
afterEach(() => client.closeAll());

it('opted into, on a platform without WebSocketStream (Node), the client stays on the plain WebSocket', async () => {
  expect(globalThis).not.toHaveProperty('WebSocketStream');
  await using server = await startEchoServer();
  const connection = await client.connect({ id: ID(), url: server.url });
  const echoed = firstValueFrom(connection.frames.pipe(filter((frame) => frame.type === 'message')));
  await connection.send(Frame.text('on the plain WebSocket'));
  expect(await echoed).toEqual(Frame.text('on the plain WebSocket'));
});

it('takes its constructor at each open: a platform that gains one later is used from then on', () => {
  const sockets = webSocketStream();
  expect(sockets.constructorNow()).toBeUndefined();
  class LaterStream {}
  const platform = globalThis as { WebSocketStream?: unknown };
  platform.WebSocketStream = LaterStream;
  try {
    expect(sockets.constructorNow()).toBe(LaterStream);
  } finally {
    delete platform.WebSocketStream;
  }
});

it('refuses a constructor that is not one, when it is given rather than at the first open', () => {
  expect(() => webSocketStream('WebSocketStream' as never)).toThrow(InvalidSettingsError);
  expect(() => webSocketStream({} as never)).toThrow('WebSocketStream');
});
