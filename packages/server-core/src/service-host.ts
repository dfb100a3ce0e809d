import { InvalidFrameError, type ID, type CloseInfo, type Frame, type Logger } from '@aws/client';
import type {
  Health,
  Publication,
  PublishOptions,
  PublishResult,
  Service,
  TopicOptions,
  UpgradeDecision,
  UpgradeRequest,
} from '@aws/server';
import { HostedConnection, type ConnectionOwner } from './hosted-connection.js';
import { checkFrame, Peer, type DataFrame, type TransportSocket } from '@aws/core';
import { closeAfterFailure } from './received-loop.js';
import { resolveServiceSettings, type ServiceSettings } from './service-settings.js';
import { Topics } from './topics.js';

/** A service as the host keeps it: with its options resolved once, and what a platform attaches to it. */
export interface Registered<Extra> {
  /** The path it was registered on: one string that all its connections share (idle memory counts). */
  readonly path: string;
  readonly service: Service<unknown>;
  readonly settings: ServiceSettings;
  readonly extra: Extra;
}

/** Where an upgrade request goes: to a service, with its decision, or back with an HTTP answer. */
export type Routing<Extra> =
  | {
      readonly accept: true;
      readonly registered: Registered<Extra>;
      readonly decision: Extract<UpgradeDecision<unknown>, { accept: true }>;
    }
  | { readonly accept: false; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string };

/** What the handshake settled, for the connection it opens. */
export interface Accepted {
  readonly request: UpgradeRequest;
  readonly protocol: string;
  readonly extensions: string;
}

/**
 * The platform-neutral half of a server: the services on their paths, the upgrade decision, the connections with
 * their handlers (one message at a time, a throw closing with 1011), topics and the fan-out, and the shutdown. A
 * platform (the `ws` server, the in-memory test network) brings the sockets. `Extra` is what the platform keeps per
 * service (the `ws` server its acceptor).
 *
 * @example
 * ```ts
 * const host = new ServiceHost(logger, () => undefined)
 * host.register('/echo', echo)
 * const routing = await host.route(request)
 * if (routing.accept) host.connect(routing, { request, protocol: '', extensions: '' }, (peer) => socketFor(peer.events))
 * ```
 */
export class ServiceHost<Extra> {
  private readonly services = new Map<string, Registered<Extra>>();
  private readonly open = new Set<HostedConnection>();
  /** The open connections of each path, for a broadcast that should not walk every other path's. */
  private readonly byPath = new Map<string, Set<HostedConnection>>();
  /** Who is subscribed to what here, and the broker that carries the topics to the other processes. */
  readonly topics: Topics;
  private stopping = false;

  private readonly owner: ConnectionOwner;

  constructor(
    private readonly logger: Logger,
    private readonly extraFor: (settings: ServiceSettings) => Extra,
    topicOptions: TopicOptions = {},
  ) {
    this.topics = new Topics(topicOptions, logger);
    this.owner = {
      logger,
      joined: (topic, connection) => this.topics.joined(topic, connection),
      left: (topic, connection) => this.topics.left(topic, connection),
      resume: (topic, connection, after) => this.topics.resume(topic, connection, after),
      ended: (connection, close) => void this.ended(connection, close),
    };
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  register(path: string, service: Service<unknown>): void {
    const settings = resolveServiceSettings(service.options);
    this.services.set(path, { path, service, settings, extra: this.extraFor(settings) });
  }

  unregister(path: string): void {
    this.services.delete(path);
  }

  /** Finds the service of the request's path and asks it; a choice of subprotocol the client did not offer is a bug
   * of the service, thrown (the platform answers 500). */
  async route(request: UpgradeRequest): Promise<Routing<Extra>> {
    if (this.stopping) return { accept: false, status: 503, headers: { 'retry-after': '1' }, body: 'the server is shutting down' };
    const registered = this.services.get(request.path);
    if (registered === undefined) return { accept: false, status: 404, body: `no service on ${request.path}` };
    const decision: UpgradeDecision<unknown> = (await registered.service.upgrade?.(request)) ?? { accept: true, context: undefined };
    if (!decision.accept) {
      this.logger.debug({ path: request.path, status: decision.status }, 'upgrade refused');
      return decision;
    }
    if (decision.protocol !== undefined && !request.protocols.includes(decision.protocol)) {
      throw new Error(
        `the service of ${request.path} chose subprotocol ${JSON.stringify(decision.protocol)}, which the client did not offer`,
      );
    }
    return { accept: true, registered, decision };
  }

  /** Opens the connection of an accepted upgrade on its socket, in this turn, so that nothing the client sends right
   * after the handshake is lost, and runs its service. */
  connect(
    routing: Extract<Routing<Extra>, { accept: true }>,
    accepted: Accepted,
    adopt: (peer: Peer) => TransportSocket,
  ): HostedConnection {
    const { registered, decision } = routing;
    const peer = new Peer(undefined, registered.settings.peer);
    peer.start(adopt(peer));
    const { request } = accepted;
    const connection = new HostedConnection(
      peer,
      this.owner,
      registered,
      request.query,
      request.headers,
      accepted.protocol,
      accepted.extensions,
      decision.context,
      request.remoteAddress,
    );
    this.open.add(connection);
    let onPath = this.byPath.get(connection.path);
    if (onPath === undefined) this.byPath.set(connection.path, (onPath = new Set()));
    onPath.add(connection);
    void this.run(registered.service, connection);
    return connection;
  }

  connections(path?: string): HostedConnection[] {
    return [...(path === undefined ? this.open : (this.byPath.get(path) ?? []))];
  }

  broadcast(path: string, frame: Frame, options?: PublishOptions): PublishResult {
    return this.fanOut(this.byPath.get(path) ?? [], frame, options);
  }

  /** Checks the frame (`InvalidFrameError`, thrown), then publishes it through the broker. */
  publish(topic: string, frame: Frame, options?: PublishOptions): Publication {
    const invalid = frame?.type === 'close' ? new InvalidFrameError('a close frame cannot be published') : checkFrame(frame);
    if (invalid !== undefined) throw invalid;
    return this.topics.publish(topic, frame, typeof options?.except === 'string' ? options.except : options?.except?.id);
  }

  /** Whether delivery works: false while stopping, else the broker's health. */
  health(): Health {
    return this.stopping ? { ok: false, reason: 'server shutting down' } : this.topics.health();
  }

  /** Stops accepting, closes every connection with `code`, drops those still open after `timeout` ms. */
  async stop(code: number, reason: string, timeout: number): Promise<void> {
    this.stopping = true;
    const open = [...this.open];
    const ended = Promise.all(open.map((connection) => connection.close(code, reason).catch(() => connection.drop())));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)));
    await Promise.race([ended, late]);
    clearTimeout(timer);
    await Promise.all(open.map((connection) => connection.drop()));
    await this.topics.close();
  }

  /** Checks the frame once for every recipient (`InvalidFrameError`, thrown), then offers it to each. A connection
   * closed as too slow leaves its sets only once it has ended, never during the walk. */
  private fanOut(members: Iterable<HostedConnection>, frame: Frame, options: PublishOptions | undefined): PublishResult {
    const invalid = frame?.type === 'close' ? new InvalidFrameError('a close frame cannot be published') : checkFrame(frame);
    if (invalid !== undefined) throw invalid;
    const skip = typeof options?.except === 'string' ? options.except : options?.except?.id;
    let delivered = 0;
    const skipped: ID[] = [];
    const closed: ID[] = [];
    for (const connection of members) {
      if (skip !== undefined && connection.id === skip) continue;
      const outcome = connection.offer(frame as DataFrame);
      if (outcome === 'delivered') delivered += 1;
      else if (outcome === 'skipped') skipped.push(connection.id);
      else closed.push(connection.id);
    }
    return { delivered, skipped, closed };
  }

  private async run(service: Service<unknown>, connection: HostedConnection): Promise<void> {
    try {
      await service.connected?.(connection);
    } catch (error) {
      return closeAfterFailure(this.logger, connection, error);
    }
    if (service.received !== undefined) connection.runReceived();
  }

  private async ended(connection: HostedConnection, close: CloseInfo): Promise<void> {
    const service = connection.service;
    connection.leaveAll();
    this.open.delete(connection);
    const onPath = this.byPath.get(connection.path);
    if (onPath?.delete(connection) === true && onPath.size === 0) this.byPath.delete(connection.path);
    try {
      await service?.disconnected?.(connection, close);
    } catch (error) {
      this.logger.warn({ err: error, id: connection.id }, 'disconnected handler failed');
    }
  }
}
