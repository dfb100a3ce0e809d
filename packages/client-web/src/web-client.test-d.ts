import { Frame, type HeartbeatOptions, type WebSocketClient } from '@aws/client';
import { WebSocket } from 'undici';
import { describe, expectTypeOf, it } from 'vitest';
import type { WebSocketConstructor } from './web-socket-api.js';
import type { WebSocketStreamConstructor } from './web-socket-stream-adapter.js';
import { webSocketStream, type WebSocketStreamSockets } from './web-socket-stream.js';
import { createWebClient, type WebClientOptions } from './web-client.js';

describe('createWebClient', () => {
  it('makes the same WebSocketClient as the live client', () => {
    expectTypeOf(createWebClient()).toEqualTypeOf<WebSocketClient>();
  });

  it("takes undici's WebSocket (Node 20) and the DOM's constructors as they are", () => {
    expectTypeOf(WebSocket).toExtend<WebSocketConstructor>();
    expectTypeOf(globalThis.WebSocket).toExtend<WebSocketConstructor>();
    expectTypeOf<WebClientOptions['WebSocketStream']>().toEqualTypeOf<WebSocketStreamSockets | false | undefined>();
    expectTypeOf(webSocketStream).parameter(0).toEqualTypeOf<WebSocketStreamConstructor | undefined>();
    // @ts-expect-error: the stream is opted into with webSocketStream(), not with true
    createWebClient({ WebSocketStream: true });
    expectTypeOf<WebClientOptions['receiveOverflow']>().toEqualTypeOf<'close' | 'drop' | undefined>();
  });

  it('types the application-level heartbeat: ping makes a Frame, isPong judges one', () => {
    const heartbeat = { interval: 1_000, ping: () => Frame.text('ping'), isPong: (frame: Frame) => frame.type === 'message' };
    expectTypeOf(heartbeat).toExtend<HeartbeatOptions>();
    expectTypeOf<HeartbeatOptions['ping']>().toEqualTypeOf<(() => Frame) | undefined>();
    expectTypeOf<HeartbeatOptions['isPong']>().toEqualTypeOf<((frame: Frame) => boolean) | undefined>();
    // @ts-expect-error: isPong takes a Frame, not the text
    expectTypeOf({ interval: 1, isPong: (text: number) => text > 0 }).toExtend<HeartbeatOptions>();
  });
});
