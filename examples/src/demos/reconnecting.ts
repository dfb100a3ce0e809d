import { setTimeout as sleep } from 'node:timers/promises';
import { closeCodeName, Frame, ID, type ConnectionStatus, type ReconnectOptions, type WebSocketClient } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { on } from '@aws/operators';
import { filter, firstValueFrom, scan } from 'rxjs';
import { startEchoServer } from '../servers/echo.js';
import { isMain } from '../shared/is-main.js';
import { openUntilAborted, type DemoOptions } from './demo.js';

export interface ReconnectingOptions extends DemoOptions {
  /** How many ticks to send. @default 10 */
  readonly ticks?: number;
  /** Milliseconds between two ticks. @default 500 */
  readonly every?: number;
  /** @default { minDelay: 250, maxDelay: 2000 } */
  readonly reconnect?: ReconnectOptions;
}

/**
 * The reconnecting demo, against an Echo server: it sends "tick 1", "tick 2"... and prints every echo and every change
 * of status. When the server goes away, the client reconnects with backoff by itself; the ticks sent meanwhile wait in
 * the send queue and are written once the server is back, each exactly once. A tick the client wrote just before the
 * server said goodbye may reach a server that no longer answers: the client cannot know (only an acknowledgement in
 * the protocol could tell), so the demo waits a little for the last echoes and says which ticks had none.
 */
export async function reconnecting(client: WebSocketClient, url: string, options: ReconnectingOptions = {}): Promise<void> {
  const { print = console.log, ticks = 10, every = 500, signal } = options;
  const reconnect = options.reconnect ?? { minDelay: 250, maxDelay: 2_000 };
  using connection = openUntilAborted(client, { id: ID(), url, reconnect, heartbeat: { interval: 1_000 } }, signal);
  connection.statuses.subscribe((status) => print(describeStatus(status)));
  const echoed = new Set<string>();
  const echoes = client.receive(connection.id).pipe(on('message.text'));
  const allEchoed = firstValueFrom(
    echoes.pipe(
      scan((count, text) => {
        print(`echo: ${text}`);
        echoed.add(text);
        return count + 1;
      }, 0),
      filter((count) => count === ticks),
    ),
    { defaultValue: 0 },
  );
  for (let tick = 1; tick <= ticks && signal?.aborted !== true; tick += 1) {
    if (!client.isConnected(connection.id)) print(`tick ${tick} waits in the send queue`);
    // Not awaited: during an outage the tick waits in the send queue while the next ones are queued behind it.
    client.send(connection.id, Frame.text(`tick ${tick}`)).catch((error: Error) => print(`tick ${tick} not sent: ${error.message}`));
    await sleep(every);
  }
  await Promise.race([allEchoed, sleep(every * 2 + 1_000)]);
  const missing = Array.from({ length: ticks }, (_, i) => `tick ${i + 1}`).filter((tick) => !echoed.has(tick));
  print(missing.length === 0 ? `all ${ticks} ticks echoed` : `no echo for: ${missing.join(', ')}`);
  await client.close(connection.id).catch(() => {});
}

function describeStatus(status: ConnectionStatus): string {
  switch (status.type) {
    case 'connecting':
      return status.attempt === 0 ? '[status] connecting...' : `[status] connecting (attempt ${status.attempt})...`;
    case 'connected':
      return '[status] connected';
    case 'reconnecting': {
      const why = status.close === undefined ? status.error?.message : `close ${closeCodeName(status.close.code)}`;
      return `[status] reconnecting: attempt ${status.attempt} in ${status.delay} ms (${why})`;
    }
    case 'didClose':
      return `[status] closed with ${closeCodeName(status.code)}`;
    case 'didFail':
      return `[status] failed: ${status.error.message}`;
  }
}

/**
 * The program: with a URL, the demo runs against that Echo server (restart it yourself to see the client come back).
 * Without, it starts an Echo server here, stops it after 2 s and starts it again on the same port 2 s later.
 */
async function program(args: readonly string[]): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const client = createLiveClient();
  if (args[0] !== undefined) return reconnecting(client, args[0], { signal: controller.signal });
  const quiet = (): void => {};
  let server = await startEchoServer({ host: '127.0.0.1', port: 0 }, quiet);
  const { port } = server;
  const restart = (async () => {
    await sleep(2_000);
    console.log('[server] stopping');
    await server.close();
    await sleep(2_000);
    server = await startEchoServer({ host: '127.0.0.1', port }, quiet);
    console.log('[server] started again');
  })();
  try {
    await reconnecting(client, server.url, { signal: controller.signal });
  } finally {
    await restart;
    await server.close();
  }
}

if (isMain(import.meta.url)) await program(process.argv.slice(2));
