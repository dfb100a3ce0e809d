import type { WebSocketClient } from './client.js';
import type { CloseInfo, Frame } from './frame.js';
import type { ID } from './id.js';
import type { ConnectionStatus } from './status.js';
import type { Stream } from './stream.js';

/**
 * A handle on one open connection of a {@link WebSocketClient}, as {@link WebSocketClient.connect} returns it.
 * Disposing it closes the connection, so `await using` closes it at the end of the scope whatever happens.
 *
 * @example
 * ```ts
 * await using connection = await client.connect({ id: ID(), url })
 * await connection.send(Frame.text('Hello'))
 * for await (const frame of connection.frames) if (frame.type === 'message') break
 * ```
 */
export interface Connection extends AsyncDisposable {
  readonly id: ID;
  /** The subprotocol the server chose, or `''`; with reconnection, the latest socket's. */
  readonly protocol: string;
  /** The extensions the server accepted (the negotiated `Sec-WebSocket-Extensions` value, parameters included), or
   * `''`; with reconnection, the latest socket's. */
  readonly extensions: string;
  /** The frame stream: {@link WebSocketClient.receive}. */
  readonly frames: Stream<Frame>;
  /** The status stream: {@link WebSocketClient.status}. */
  readonly status: Stream<ConnectionStatus>;
  /** {@link WebSocketClient.send} on this connection. */
  send(frame: Frame): Promise<void>;
  /** {@link WebSocketClient.post} on this connection: throws {@link ConnectionClosedError} once it has ended, even when
   * its id has been opened again. */
  post(frame: Frame): void;
  /** {@link WebSocketClient.close} on this connection. */
  close(code?: number, reason?: string): Promise<CloseInfo>;
  /** {@link WebSocketClient.isConnected} for this connection. */
  isConnected(): boolean;
}

const ignore = (): void => {};

// A class rather than an object of closures: one set of methods for every handle (idle memory counts).
class BoundConnection implements Connection {
  readonly frames: Stream<Frame>;
  readonly status: Stream<ConnectionStatus>;

  constructor(
    private readonly client: WebSocketClient,
    readonly id: ID,
    readonly protocol: string,
    readonly extensions: string,
  ) {
    this.frames = client.receive(id);
    this.status = client.status(id);
  }

  send(frame: Frame): Promise<void> {
    return this.client.send(this.id, frame);
  }

  post(frame: Frame): void {
    this.client.post(this.id, frame);
  }

  close(code?: number, reason?: string): Promise<CloseInfo> {
    return this.client.close(this.id, code, reason);
  }

  isConnected(): boolean {
    return this.client.isConnected(this.id);
  }

  // Disposal must not throw: the connection may already have ended, and then there is nothing left to close.
  [Symbol.asyncDispose](): Promise<void> {
    return this.client.close(this.id).then(ignore, ignore);
  }
}

/**
 * Binds a client's methods to one id: the handle that `connect` returns. Implementations of
 * {@link WebSocketClient} use it so that every client hands out the same kind of handle.
 * Disposing the handle closes the connection with 1000 and never throws, also when it has already ended.
 *
 * @example
 * ```ts
 * const connection = bindConnection(client, id, connected.protocol)
 * ```
 */
export function bindConnection(client: WebSocketClient, id: ID, protocol: string, extensions = ''): Connection {
  return new BoundConnection(client, id, protocol, extensions);
}
