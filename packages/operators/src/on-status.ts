import type { CloseInfo, ConnectionStatus, WebSocketClientError } from '@aws/client';
import type { Operator } from './operator.js';
import { orderedMap, skip } from './ordered-map.js';

/** A status type of {@link ConnectionStatus}: `'connecting' | 'connected' | 'didClose' | 'didFail'` and any added later. */
export type StatusPath = ConnectionStatus['type'];

/** The status of type `P`. */
export type StatusValue<P extends StatusPath> = Extract<ConnectionStatus, { readonly type: P }>;

/** Callbacks of {@link onStatus}, run (and awaited when they return a promise) before the status goes on. */
export interface StatusCallbacks {
  /** Runs on `didClose` with the close code and reason. */
  readonly onDidClose?: (close: CloseInfo) => void | PromiseLike<void>;
  /** Runs on `didFail` with the error. */
  readonly onDidFail?: (error: WebSocketClientError) => void | PromiseLike<void>;
}

/** Runs the callback that `status` calls for, if any. */
function notify(status: ConnectionStatus, callbacks: StatusCallbacks): void | PromiseLike<void> {
  if (status.type === 'didClose') return callbacks.onDidClose?.({ code: status.code, reason: status.reason });
  if (status.type === 'didFail') return callbacks.onDidFail?.(status.error);
}

/**
 * Keeps the statuses of one type, like Swift's `on(\.connected, onDidClose:, onDidFail:)`. `onDidClose` and
 * `onDidFail` run on every `didClose` / `didFail`, whatever `path` keeps; when they return a promise, the stream waits
 * for it, so the stream completes only after the callback of the final status has finished. Statuses of a type this
 * version does not know pass through the filter untouched. {@link on} with a status path is the same operator.
 *
 * @example
 * ```ts
 * client.open({ id, url }).pipe(
 *   onStatus('connected', { onDidFail: (error) => console.error('could not connect', error) }),
 *   switchMap(() => client.receive(id)),
 * )
 * ```
 */
export function onStatus<const P extends StatusPath>(path: P, callbacks: StatusCallbacks = {}): Operator<ConnectionStatus, StatusValue<P>> {
  return orderedMap((status: ConnectionStatus) => {
    const keep = status.type === path ? (status as StatusValue<P>) : skip;
    const done = notify(status, callbacks);
    return done === undefined ? keep : Promise.resolve(done).then(() => keep);
  });
}
