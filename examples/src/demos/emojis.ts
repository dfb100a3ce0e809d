import {
  bindConnection,
  closeCodeName,
  ConnectionClosedError,
  type Frame,
  ID,
  type ReconnectOptions,
  type WebSocketClient,
} from '@aws/client';
import { caseOf, field, log } from '@aws/operators';
import { codableClient, RemoteError } from '@aws/rpc';
import type { Result } from '../emojis/protocol.js';
import type { EmojisEvent, EmojisRequest, EmojisResponse, EmojisWelcome } from '../emojis/wire.js';
import { isMain } from '../shared/is-main.js';
import { createDemoLogger, type DemoLogger } from './demo-logger.js';
import { openUntilAborted } from './demo.js';
import type { OperatorDemoOptions } from './on-operator.js';
import { runDemo } from './run-demo.js';
import { textFrameBox } from './text-frame-box.js';

export interface EmojisDemoOptions extends OperatorDemoOptions {
  /** Where the received frames are logged, each text frame in a box. @default a pino logger named Emoji-Server-Client */
  readonly frameLogger?: DemoLogger;
  /** Stop after this many emojis: send stopStream, then close with 1000 once the server has confirmed.
   * @default no limit: the demo runs until the server goes away or the signal fires */
  readonly emojis?: number;
  /** Reconnect when the server goes away; the stream is started again on the new connection by `@aws/rpc`.
   * @default off */
  readonly reconnect?: boolean | ReconnectOptions;
}

/**
 * The Emojis demo, on `@aws/rpc`: it prints the server's welcome, subscribes to the emoji stream (`startStream`,
 * answered "Starting stream"), prints each emoji as it arrives, and after the count unsubscribes (`stopStream`,
 * "Stopping stream") and closes with 1000. With `reconnect`, a server restart costs nothing but a new welcome: the
 * subscription sends `startStream` again on the new connection by itself. Every frame is logged on the way in, text
 * frames drawn in a box.
 */
export async function emojis(client: WebSocketClient, url: string, options: EmojisDemoOptions = {}): Promise<void> {
  const { print = console.log, logger = createDemoLogger('emojis-demo'), emojis: limit, reconnect } = options;
  const frameLogger = options.frameLogger ?? createDemoLogger('Emoji-Server-Client');
  const settings = { id: ID(), url, ...(reconnect === undefined || reconnect === false ? {} : { reconnect }) };
  using connection = openUntilAborted(client, settings, options.signal);
  connection.statuses.pipe(log({ logger })).subscribe();
  client
    .receive(connection.id)
    .pipe(log(logFrameTo(frameLogger)))
    .subscribe();
  // The handle is bound before the handshake, so that the caller reads the frames from the first one, the welcome.
  using rpc = codableClient<EmojisRequest, EmojisResponse, EmojisEvent, EmojisWelcome>(bindConnection(client, connection.id, ''), {
    success: 'succcess',
    timeout: 10_000,
  });
  rpc.messages.pipe(caseOf('welcome'), field('message')).subscribe(print);
  const stream = rpc.subscribe({
    subscribe: { startStream: {} },
    unsubscribe: { stopStream: {} },
    onSubscribed: () => print('Starting stream'),
    onUnsubscribed: () => print('Stopping stream'),
  });

  let received = 0;
  try {
    for await (const event of stream) {
      print(`New emoji:  ${event.emojiDidChangedEvent._0.newEmoji}`);
      if (++received === limit) break;
    }
  } catch (error) {
    // The connection ending (the server gone, the signal) ends the demo; a refused request is printed.
    if (error instanceof RemoteError) print(`Request failed with code: ${String(error.code)} message: ${error.message}`);
    else if (!(error instanceof ConnectionClosedError)) throw error;
  }
  if (limit !== undefined && received === limit) {
    // Leaving the loop sent stopStream: close once its answer is in.
    await rpc.drain();
    await client.close(connection.id).catch(() => {});
  }
}

/** What the demo prints for a response, as the Swift demo does. */
export function describeResult(result: Result): string {
  if (result.kind === 'failure') {
    return `Request failed with code: ${result.reason} message: ${result.message ?? 'No message provided'}`;
  }
  switch (result.response.kind) {
    case 'startStream':
      return 'Starting stream';
    case 'stopStream':
      return 'Stopping stream';
    case 'getRandomEmojiList':
      return `Random emojis: ${result.response.emojis.join(' ')}`;
  }
}

/** The frame logger of the Swift demo: a text frame drawn in a box, any other frame as a `Frame Update` field. */
export function logFrameTo(logger: DemoLogger): (frame: Frame) => void {
  return (frame) => {
    if (frame.type === 'message' && frame.message.type === 'text') {
      logger.info({}, `\n\n${textFrameBox('Received Text Frame', frame.message.text)}\n`);
    } else {
      logger.info({ 'Frame Update': ` ${describeOtherFrame(frame)}` }, '');
    }
  };
}

function describeOtherFrame(frame: Frame): string {
  switch (frame.type) {
    case 'message':
      return frame.message.type === 'text' ? 'message(text)' : `message(binary: ${frame.message.data.byteLength} bytes)`;
    case 'ping':
    case 'pong':
      return `${frame.type}(${frame.data.byteLength} bytes)`;
    case 'close':
      return `close(code: ${closeCodeName(frame.code)})`;
  }
}

if (isMain(import.meta.url)) await runDemo(emojis);
