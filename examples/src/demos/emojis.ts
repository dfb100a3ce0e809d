import { closeCodeName, Frame, ID, iterate, type WebSocketClient } from '@aws/client';
import { log, on, success } from '@aws/operators';
import { switchMap } from 'rxjs';
import { decodeMessage } from '../emojis/decode.js';
import { ClientRequest, encodeMessage, type Message, type Result } from '../emojis/protocol.js';
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
}

/**
 * The Emojis demo: on the server's welcome it starts the stream, then prints each emoji as it arrives. Every frame is
 * logged on the way in, text frames drawn in a box; the messages are decoded with `success` and the protocol's own
 * decoder, which drops anything that is not a message of the protocol.
 */
export async function emojis(client: WebSocketClient, url: string, options: EmojisDemoOptions = {}): Promise<void> {
  const { print = console.log, logger = createDemoLogger('emojis-demo'), emojis: limit } = options;
  const frameLogger = options.frameLogger ?? createDemoLogger('Emoji-Server-Client');
  using connection = openUntilAborted(client, { id: ID(), url }, options.signal);
  const messages = connection.statuses.pipe(
    log({ logger }),
    on('connected'),
    switchMap(() => client.receive(connection.id).pipe(log(logFrameTo(frameLogger)), success<Message>({ decoder: decodeMessage }))),
  );
  const request = (message: Message): Promise<void> => client.send(connection.id, Frame.text(JSON.stringify(encodeMessage(message))));

  let received = 0;
  for await (const message of iterate(messages)) {
    switch (message.kind) {
      case 'welcome':
        print(message.message);
        await request(ClientRequest.startStream());
        break;
      case 'event':
        // Emojis already on their way after the limit are not shown: the demo has stopped listening for them.
        if (limit !== undefined && received >= limit) break;
        print(`New emoji:  ${message.event.newEmoji}`);
        if (++received === limit) await request(ClientRequest.stopStream());
        break;
      case 'response':
        print(describeResult(message.result));
        if (limit !== undefined && isStopStreamSuccess(message.result)) await client.close(connection.id);
        break;
      case 'request':
        break;
    }
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

function isStopStreamSuccess(result: Result): boolean {
  return result.kind === 'succcess' && result.response.kind === 'stopStream';
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
