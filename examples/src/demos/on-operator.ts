import { ID, iterate, type WebSocketClient } from '@aws/client';
import { log, on } from '@aws/operators';
import { switchMap } from 'rxjs';
import { isMain } from '../shared/is-main.js';
import { createDemoLogger, type DemoLogger } from './demo-logger.js';
import { openUntilAborted, type DemoOptions } from './demo.js';
import { runDemo } from './run-demo.js';

export interface OperatorDemoOptions extends DemoOptions {
  /** Where `log()` writes the statuses (and frames). @default a pino logger on stdout */
  readonly logger?: DemoLogger;
}

/**
 * The `on` operator demo: it logs the statuses with `log()`, and once `on('connected')` lets one through, prints only
 * the text messages, which `on('message.text')` picks out of the frames. Try it with the Time server.
 */
export async function onOperator(client: WebSocketClient, url: string, options: OperatorDemoOptions = {}): Promise<void> {
  const { print = console.log, logger = createDemoLogger('on-operator-demo') } = options;
  using connection = openUntilAborted(client, { id: ID(), url }, options.signal);
  const texts = connection.statuses.pipe(
    log({ logger }),
    on('connected'),
    switchMap(() => client.receive(connection.id).pipe(on('message.text'))),
  );
  for await (const text of iterate(texts)) print(`Message received:  ${text}`);
}

if (isMain(import.meta.url)) await runDemo(onOperator);
