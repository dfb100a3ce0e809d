import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import type { WebSocketClient } from './client.js';
import type { Connection } from './connection.js';
import type { ConnectionClosedError, WebSocketClientError } from './errors.js';
import { Frame, type CloseInfo } from './frame.js';
import { ID } from './id.js';
import type { ConnectionStatus } from './status.js';
import type { Stream } from './stream.js';
import { iterate } from './stream.js';

declare const client: WebSocketClient;
const id = ID();

describe('WebSocketClient types', () => {
  it('streams are Observables and AsyncIterables of precise element types', () => {
    expectTypeOf(client.open({ id, url: 'ws://x' })).toEqualTypeOf<Stream<ConnectionStatus>>();
    expectTypeOf(client.receive(id)).toExtend<Observable<Frame>>();
    expectTypeOf(client.connect({ id, url: 'ws://x' })).resolves.toEqualTypeOf<Connection>();
    expectTypeOf(client.close(id)).resolves.toEqualTypeOf<CloseInfo>();
  });

  it('post returns nothing, on the client and on a connection: there is no promise to await or to forget', async () => {
    expectTypeOf(client.post).parameters.toEqualTypeOf<[ID, Frame]>();
    expectTypeOf(client.post(id, Frame.text('x'))).toEqualTypeOf<void>();
    const connection = await client.connect({ id, url: 'ws://x' });
    expectTypeOf(connection.post).parameters.toEqualTypeOf<[Frame]>();
    expectTypeOf(connection.post(Frame.text('x'))).toEqualTypeOf<void>();
    // @ts-expect-error post takes a frame, not a string
    client.post(id, 'x');
  });

  it('for await yields the element type', async () => {
    for await (const frame of client.receive(id)) expectTypeOf(frame).toEqualTypeOf<Frame>();
    for await (const status of iterate(client.status(id))) expectTypeOf(status).toEqualTypeOf<ConnectionStatus>();
  });

  it('an ID is not any string', () => {
    // @ts-expect-error a plain string is not an ID
    client.isConnected('not-an-id');
    expectTypeOf(ID()).toEqualTypeOf<ID>();
  });

  it('statuses narrow on type', () => {
    const status = {} as ConnectionStatus;
    if (status.type === 'didFail') expectTypeOf(status.error).toEqualTypeOf<WebSocketClientError>();
    if (status.type === 'didClose') expectTypeOf(status.code).toEqualTypeOf<number>();
    expectTypeOf<ConnectionClosedError>().toExtend<WebSocketClientError>();
  });

  it('frames narrow on type and message type', () => {
    const frame = Frame.text('x');
    if (frame.type === 'message' && frame.message.type === 'binary') expectTypeOf(frame.message.data).toEqualTypeOf<Uint8Array>();
    if (frame.type === 'close') expectTypeOf(frame.reason).toEqualTypeOf<string>();
  });
});
