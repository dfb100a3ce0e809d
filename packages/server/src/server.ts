import type { Frame, ID } from '@aws/client';
import type { BrokerReceipt, Health } from './broker.js';
import type { ServerConnection } from './server-connection.js';
import type { Service } from './service.js';

/** Where a server listens, once `listen` has resolved. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /** `ws://host:port` (or `wss:`), to give to a client. */
  readonly url: string;
}

/**
 * What a publish or broadcast did, connection by connection: never a count that hides a drop.
 * `delivered` were written or queued; `skipped` refused it (their send queue was full, policy `'reject'`);
 * `closed` were closed as too slow (policy `'close'`).
 */
export interface PublishResult {
  readonly delivered: number;
  readonly skipped: readonly ID[];
  readonly closed: readonly ID[];
}

/**
 * A publish: the counts are what this process's fan-out did at once (with a broker that loops back, Redis streams,
 * none: every process, this one too, delivers from the broker), and `accepted` settles once the broker has taken the
 * frame for the other processes (at once with the in-memory broker), or rejects with `BrokerUnavailableError`. A
 * publish while the broker is down delivers nothing anywhere. `accepted` is not enumerable and its rejection is
 * handled: ignoring it leaves no unhandled rejection, awaiting it still throws.
 *
 * @example
 * ```ts
 * const publication = server.publish('lobby', Frame.text('hi'))
 * await publication.accepted.catch((error) => log.warn(error.message))
 * ```
 */
export interface Publication extends PublishResult {
  readonly accepted: Promise<BrokerReceipt>;
}

/** Options of a broadcast or publish. */
export interface PublishOptions {
  /** Leave this connection out: the sender of a chat message. */
  readonly except?: ServerConnection<unknown> | ID | undefined;
}

/**
 * A WebSocket server: services on paths (Kitura's `WebSocket.register(service:onPath:)`), topics, graceful shutdown.
 * Write services against this interface; `createLiveServer()` from `@aws/server-live` runs them on `ws`.
 *
 * @example
 * ```ts
 * const server = createLiveServer()
 * server.register('/echo', { received: (message, connection) => void connection.send({ type: 'message', message }) })
 * const { url } = await server.listen({ port: 8080 })
 * ```
 */
export interface WebSocketServer extends AsyncDisposable {
  /** Registers a service on a path (`/chat`); a path with no service answers the upgrade with 404. */
  register<Context>(path: string, service: Service<Context>): void;
  /** Unregisters the service of a path; its open connections carry on. */
  unregister(path: string): void;
  /** The open connections of a path, or of every path. */
  connections(path?: string): readonly ServerConnection<unknown>[];
  /** Sends one frame to every open connection of a path. */
  broadcast(path: string, frame: Frame, options?: PublishOptions): PublishResult;
  /** Sends one frame to every connection subscribed to a topic, in every process of the broker. */
  publish(topic: string, frame: Frame, options?: PublishOptions): Publication;
  /** Whether delivery works (the broker's health; false while shutting down). */
  health(): Health;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(options?: { readonly port?: number; readonly host?: string }): Promise<ServerAddress>;
  /** Stops accepting, closes every connection with 1001 (dropping those that do not answer within `timeout` ms)
   * and resolves once all have ended. @default timeout 5000 */
  close(options?: { readonly code?: number; readonly reason?: string; readonly timeout?: number }): Promise<void>;
}
