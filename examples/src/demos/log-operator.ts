import { ID, iterate, type WebSocketClient } from '@aws/client';
import { log, on } from '@aws/operators';
import { isMain } from '../shared/is-main.js';
import { createDemoLogger } from './demo-logger.js';
import { openUntilAborted } from './demo.js';
import type { OperatorDemoOptions } from './on-operator.js';
import { runDemo } from './run-demo.js';

/**
 * The `log` operator demo: `log()` writes every status and every frame as it goes by, while the demo itself prints
 * only the text messages. Try it with the Time or Emojis server.
 */
export async function logOperator(client: WebSocketClient, url: string, options: OperatorDemoOptions = {}): Promise<void> {
  const { print = console.log, logger = createDemoLogger('log-operator-demo') } = options;
  using connection = openUntilAborted(client, { id: ID(), url }, options.signal);
  for await (const status of iterate(connection.statuses.pipe(log({ logger })))) {
    if (status.type !== 'connected') continue;
    for await (const text of iterate(client.receive(connection.id).pipe(log({ logger }), on('message.text')))) print(text);
  }
}

if (isMain(import.meta.url)) await runDemo(logOperator);
