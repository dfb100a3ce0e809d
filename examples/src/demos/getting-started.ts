import { closeCodeName, Frame, ID, type WebSocketClient } from '@aws/client';
import { isMain } from '../shared/is-main.js';
import { openUntilAborted, type DemoOptions } from './demo.js';
import { runDemo } from './run-demo.js';

/**
 * The Getting started demo of the Swift README: it prints each status of the connection and, once connected, every
 * frame it receives, while it sends a binary "Hello", a text "Hello" and a ping. Try it against the Echo or Time server.
 */
export async function gettingStarted(client: WebSocketClient, url: string, options: DemoOptions = {}): Promise<void> {
  const { print = console.log } = options;
  using connection = openUntilAborted(client, { id: ID(), url }, options.signal);
  for await (const status of connection.statuses) {
    switch (status.type) {
      case 'connecting':
        print('[WebSocket - Status - Connecting]: Connecting...');
        break;
      case 'connected':
        print('[WebSocket - Status - Connected]: Connected to the server!');
        // Listen and send at the same time; listening ends when the connection does.
        await Promise.all([printIncomingFrames(client, connection.id, print), sendFramesToTheServer(client, connection.id)]);
        break;
      case 'didClose':
        print(`[WebSocket - Status - Close]: Connection with server did close with the code: ${closeCodeName(status.code)}`);
        break;
      case 'didFail':
        print(`[WebSocket - Status - Failure]: Connection with server did fail with error: ${status.error.message}`);
        break;
    }
  }
}

async function printIncomingFrames(client: WebSocketClient, id: ID, print: (line: string) => void): Promise<void> {
  for await (const frame of client.receive(id)) print(describeFrame(frame));
}

/** A received frame as the demo prints it; binary payloads by their size, as Swift prints `Data`. */
export function describeFrame(frame: Frame): string {
  switch (frame.type) {
    case 'message':
      return frame.message.type === 'text'
        ? `[WebSocket - Frame - Message.text]: ${frame.message.text}`
        : `[WebSocket - Frame - Message.binary]: ${frame.message.data.byteLength} bytes`;
    case 'ping':
      return `[WebSocket - Frame - Ping]: ${frame.data.byteLength} bytes`;
    case 'pong':
      return `[WebSocket - Frame - Pong]: ${frame.data.byteLength} bytes`;
    case 'close':
      return `[WebSocket - Frame - Close]: ${closeCodeName(frame.code)}${frame.reason === '' ? '' : ` ${frame.reason}`}`;
  }
}

async function sendFramesToTheServer(client: WebSocketClient, id: ID): Promise<void> {
  await client.send(id, Frame.binary(new TextEncoder().encode('Hello')));
  await client.send(id, Frame.text('Hello'));
  await client.send(id, Frame.ping());
}

if (isMain(import.meta.url)) await runDemo(gettingStarted);
