import {
  ConnectionClosedError,
  type CloseInfo,
  type Connection,
  type ConnectionStatus,
  type Frame,
  type ID,
  type Stream,
} from '@aws/client';
import { checkCloseArgs } from './close-args.js';
import type { Supervisor } from './supervisor.js';

const ignore = (): void => {};

/**
 * The handle `connect` returns: it addresses one connection, not its id, so once that connection has ended the
 * handle acts on nothing, even when the id has been opened again. `protocol` and `extensions` follow reconnections.
 * One class rather than an object of closures: one set of methods for every handle (idle memory counts).
 *
 * @example
 * ```ts
 * const connection = new SupervisedConnection(supervisor) // what connect() resolves with
 * ```
 */
export class SupervisedConnection implements Connection {
  constructor(private readonly supervisor: Supervisor) {}

  get id(): ID {
    return this.supervisor.id;
  }

  get protocol(): string {
    return this.supervisor.protocol;
  }

  get extensions(): string {
    return this.supervisor.extensions;
  }

  get frames(): Stream<Frame> {
    return this.supervisor.frames.stream;
  }

  get status(): Stream<ConnectionStatus> {
    return this.supervisor.status;
  }

  send(frame: Frame): Promise<void> {
    if (frame?.type === 'close') return this.close(frame.code, frame.reason).then(ignore);
    return this.supervisor.send(frame);
  }

  // The supervisor refuses a frame once its connection is closing or has ended, whatever became of its id since.
  post(frame: Frame): void {
    this.supervisor.post(frame);
  }

  close(code = 1000, reason = ''): Promise<CloseInfo> {
    const checked = checkCloseArgs(code, reason);
    if (checked instanceof Error) return Promise.reject(checked);
    const refused = this.supervisor.refusedCloseCode(checked.code);
    if (refused !== undefined) return Promise.reject(refused);
    // As the id-based close: a connection that has ended is gone, whatever became of its id since.
    if (this.supervisor.isClosed) return Promise.reject(new ConnectionClosedError(this.id));
    return this.supervisor.close(checked.code, checked.reason);
  }

  isConnected(): boolean {
    return this.supervisor.isConnected;
  }

  // Disposal must not throw: the connection may already have ended, and then there is nothing left to close.
  [Symbol.asyncDispose](): Promise<void> {
    return this.supervisor.close(1000, '').then(ignore, ignore);
  }
}
