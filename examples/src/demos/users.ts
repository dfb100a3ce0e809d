import { ID, type WebSocketClient } from '@aws/client';
import { codableClient, RemoteError } from '@aws/rpc';
import type { Event, RequestType, Response } from '@aws/test-utils';
import { isMain } from '../shared/is-main.js';
import type { DemoOptions } from './demo.js';
import { runDemo } from './run-demo.js';

/**
 * The Users demo, on `@aws/rpc`, against the Users server (`pnpm --filter @aws/examples run server:users`): typed calls
 * in the Swift `Codable` envelope of the Swift tests, unchanged on the wire (requests inside `single`, binary frames,
 * answers matched to their requests by case, as the protocol has no ids). It asks for the users, starts the stream,
 * shows the typed failure of starting it twice, and stops it.
 */
export async function users(client: WebSocketClient, url: string, options: DemoOptions = {}): Promise<void> {
  const { print = console.log, signal } = options;
  await using connection = await client.connect({ id: ID(), url, ...(signal === undefined ? {} : { signal }) });
  using rpc = codableClient<RequestType, Response, Event>(connection, {
    wrap: (request) => ({ request: { _0: { single: { _0: request } } } }),
    binary: true,
    timeout: 5_000,
  });
  const callOptions = signal === undefined ? {} : { signal };
  // Calls in flight together: each answer finds its call.
  const [two, all] = await Promise.all([
    rpc.call({ getUsers: { count: 2 } }, callOptions),
    rpc.call({ getUsers: { count: 3 } }, callOptions),
  ]);
  print(`getUsers(2): ${two.users.map((user) => user.name).join(', ')}`);
  print(`getUsers(3): ${all.users.map((user) => user.name).join(', ')}`);
  await rpc.call({ startStream: {} }, callOptions);
  print('stream started');
  try {
    await rpc.call({ startStream: {} }, callOptions);
  } catch (error) {
    if (!(error instanceof RemoteError)) throw error;
    print(`startStream again: ${String(error.code)}`);
  }
  await rpc.call({ stopStream: {} }, callOptions);
  print('stream stopped');
}

if (isMain(import.meta.url)) await runDemo(users);
