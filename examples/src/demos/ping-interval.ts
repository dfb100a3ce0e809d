import { ID, type WebSocketClient } from '@aws/client';
import { isMain } from '../shared/is-main.js';
import { openUntilAborted, type DemoOptions } from './demo.js';
import { runDemo } from './run-demo.js';

export interface PingIntervalOptions extends DemoOptions {
  /** Milliseconds between two pings. @default 1000 */
  readonly pingInterval?: number;
}

/**
 * The ping interval demo: the client pings the server every second, and the demo prints
 * "Connection with server is still alive" for every pong that comes back.
 */
export async function pingInterval(client: WebSocketClient, url: string, options: PingIntervalOptions = {}): Promise<void> {
  const { print = console.log, pingInterval: interval = 1_000 } = options;
  using connection = openUntilAborted(client, { id: ID(), url, pingInterval: interval }, options.signal);
  for await (const status of connection.statuses) {
    if (status.type !== 'connected') continue;
    for await (const frame of client.receive(connection.id)) {
      if (frame.type === 'pong') print('Connection with server is still alive');
    }
  }
}

if (isMain(import.meta.url)) await runDemo(pingInterval);
