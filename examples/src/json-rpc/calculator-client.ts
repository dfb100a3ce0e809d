import { ID, type WebSocketClient } from '@aws/client';
import { jsonRpcClient, RemoteError } from '@aws/rpc';
import { runDemo } from '../demos/run-demo.js';
import type { DemoOptions } from '../demos/demo.js';
import { isMain } from '../shared/is-main.js';
import type { Calculator } from './calculator.js';

/**
 * The JSON-RPC example client, against the Calculator server (`pnpm --filter @aws/examples run json-rpc:server`):
 * typed calls, a typed error, and a subscription that survives reconnections, typed by the `Calculator` API.
 */
export async function calculatorClient(client: WebSocketClient, url: string, options: DemoOptions = {}): Promise<void> {
  const { print = console.log } = options;
  await using connection = await client.connect({ id: ID(), url, reconnect: true });
  using rpc = jsonRpcClient<Calculator>(connection, { timeout: 5_000 });

  print(`1 + 2 = ${await rpc.call({ method: 'add', params: [1, 2] })}`);
  // Calls in flight together, answered in any order, each settling its own promise.
  const quotients = await Promise.all([rpc.call({ method: 'divide', params: [1, 4] }), rpc.call({ method: 'divide', params: [9, 3] })]);
  print(`1 / 4 = ${quotients[0]}, 9 / 3 = ${quotients[1]}`);
  try {
    await rpc.call({ method: 'divide', params: [1, 0] });
  } catch (error) {
    if (!(error instanceof RemoteError)) throw error;
    print(`1 / 0: error ${String(error.code)}, ${error.message}`);
  }
  // Leaving the loop sends rpc.unsubscribe; after a reconnection the subscription would be sent again by itself.
  for await (const n of rpc.subscribe({ method: 'count', params: { from: 10, every: 50 } })) {
    print(`count: ${n}`);
    if (n === 12) break;
  }
  await rpc.drain();
}

if (isMain(import.meta.url)) await runDemo(calculatorClient);
