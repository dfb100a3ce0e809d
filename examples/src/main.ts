import { createLiveClient } from '@aws/client-live';
import type { DemoLogger } from './demos/demo-logger.js';
import { emojis } from './demos/emojis.js';
import { startEmojisServer } from './servers/emojis.js';
import { isMain } from './shared/is-main.js';

/** What the main job takes from its command line, in any order: a server URL and how many emojis to wait for. */
export interface MainArguments {
  readonly url: string | undefined;
  readonly emojis: number;
}

const defaultEmojis = 5;

export function parseMainArguments(args: readonly string[]): MainArguments {
  let url: string | undefined;
  let count = defaultEmojis;
  for (const arg of args) {
    if (/^\d+$/.test(arg) && Number(arg) > 0) count = Number(arg);
    else if (/^wss?:\/\//i.test(arg)) url = arg;
    else if (arg !== '--') throw new Error(`usage: pnpm start [ws://host:port] [number of emojis]; not understood: ${arg}`);
  }
  return { url, emojis: count };
}

export interface MainOptions {
  readonly print?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Where the connection's statuses and the received frames are logged. @default the demo's pino loggers */
  readonly logger?: DemoLogger;
}

/**
 * The main job: the Emojis demo, against the Emojis server at the given URL or, by default, one started here on a
 * free loopback port. It prints the welcome, "Starting stream" and the emojis as they come, and closes with 1000
 * after the given number of emojis (or on Ctrl-C).
 */
export async function main(args: MainArguments, options: MainOptions = {}): Promise<void> {
  const { print = console.log } = options;
  const server = args.url === undefined ? await startEmojisServer({ host: '127.0.0.1', port: 0 }, { log: () => {} }) : undefined;
  const url = args.url ?? server?.url ?? '';
  const client = createLiveClient();
  try {
    print(server === undefined ? `Connecting to ${url}` : `Started an Emojis server on ${url}`);
    await emojis(client, url, {
      print,
      emojis: args.emojis,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.logger === undefined ? {} : { logger: options.logger, frameLogger: options.logger }),
    });
  } finally {
    await client.closeAll();
    await server?.close();
  }
}

if (isMain(import.meta.url)) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await main(parseMainArguments(process.argv.slice(2)), { signal: controller.signal });
}
