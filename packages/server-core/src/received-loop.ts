import type { Frame, Logger } from '@aws/client';
import { SerialConsumer } from '@aws/core';
import type { ServerConnection } from '@aws/server';
import type { HostedConnection } from './hosted-connection.js';

/**
 * A service's `received` handler run on each message of one connection, one at a time and in order, an async
 * handler awaited (see `SerialConsumer`: what waits counts toward the receive buffer, so the socket pauses when the
 * handler falls behind). A handler that throws or rejects closes its connection with 1011. The service and the
 * logger are the connection's: two fields fewer on every connection (idle memory counts).
 *
 * @example
 * ```ts
 * new ReceivedLoop(peer.frames, connection).start()
 * ```
 */
export class ReceivedLoop extends SerialConsumer {
  constructor(
    hub: ConstructorParameters<typeof SerialConsumer>[0],
    private readonly connection: HostedConnection,
  ) {
    super(hub);
  }

  protected handle(frame: Frame): void | PromiseLike<void> {
    if (frame.type === 'message') return this.connection.service.received?.(frame.message, this.connection);
  }

  protected failed(error: unknown): void {
    closeAfterFailure(this.connection.logger, this.connection, error);
  }
}

/** What a handler's throw does: logged, and its connection closed with 1011; the server and the others carry on. */
export function closeAfterFailure(logger: Logger, connection: ServerConnection<unknown>, error: unknown): void {
  logger.warn({ err: error, id: connection.id, path: connection.path }, 'service handler failed: closing with 1011');
  void connection.close(1011, 'internal error');
}
