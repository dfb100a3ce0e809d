import { InvalidFrameError, type CloseInfo, type Frame, type ID, type Logger, type Stream } from '@aws/client';
import { checkCloseArgs, type DataFrame, type Offered, type Peer } from '@aws/core';
import type { Resumed, ServerConnection, Service } from '@aws/server';
import { ReceivedLoop } from './received-loop.js';

const noTopics: ReadonlySet<string> = new Set();

/** What a connection tells the server that holds it, about its topics and its end. */
export interface ConnectionOwner {
  /** Where a connection logs its handler's failures. */
  readonly logger: Logger;
  joined(topic: string, connection: HostedConnection): void;
  left(topic: string, connection: HostedConnection): void;
  resume(topic: string, connection: HostedConnection, after: string | undefined): Promise<Resumed>;
  /** The connection has ended: told before anyone awaiting its `closed` hears of it. */
  ended(connection: HostedConnection, close: CloseInfo): void;
}

const empty = new Uint8Array(0);

/** The subprotocol and extensions the handshake agreed on. */
interface Agreement {
  readonly protocol: string;
  readonly extensions: string;
}

/** Shared by every connection that agreed on neither (most): one field instead of two (idle memory counts). */
const plainAgreement: Agreement = { protocol: '', extensions: '' };

/** The service a connection runs and the path it is registered on: shared by all its connections. */
export interface ServiceOnPath {
  readonly path: string;
  readonly service: Service<unknown>;
}

/**
 * One accepted connection of a server: its peer (the per-socket machinery) and what the handshake said. Services
 * see it as a `ServerConnection`.
 *
 * @example
 * ```ts
 * const connection = host.connect(routing, accepted, adopt)
 * connection.subscribe('lobby')
 * ```
 */
export class HostedConnection<Context = unknown> implements ServerConnection<Context> {
  /** Made on first need, as the parsed query (kept as its string until read): most connections join no topic and
   * never read their query, and idle memory counts. */
  private joined: Set<string> | undefined;
  private queryOrSearch: URLSearchParams | string;
  private readonly agreed: Agreement;

  constructor(
    private readonly peer: Peer,
    private readonly owner: ConnectionOwner,
    /** One reference for the path and the service rather than a field each (idle memory counts). */
    private readonly runs: ServiceOnPath,
    query: URLSearchParams,
    readonly headers: Readonly<Record<string, string>>,
    protocol: string,
    extensions: string,
    readonly context: Context,
    readonly remoteAddress: string | undefined = undefined,
  ) {
    this.queryOrSearch = query.size === 0 ? '' : query.toString();
    this.agreed = protocol === '' && extensions === '' ? plainAgreement : { protocol, extensions };
    peer.onEnded(this);
  }

  /** @internal The peer has ended: the owner hears of it first. */
  peerEnded(close: CloseInfo): void {
    this.owner.ended(this, close);
  }

  get query(): URLSearchParams {
    if (typeof this.queryOrSearch === 'string') this.queryOrSearch = new URLSearchParams(this.queryOrSearch);
    return this.queryOrSearch;
  }

  get protocol(): string {
    return this.agreed.protocol;
  }

  get extensions(): string {
    return this.agreed.extensions;
  }

  get path(): string {
    return this.runs.path;
  }

  /** @internal The service the connection runs. */
  get service(): Service<unknown> {
    return this.runs.service;
  }

  /** @internal Where the connection logs its handler's failures: the server's logger. */
  get logger(): Logger {
    return this.owner.logger;
  }

  /** @internal Runs its service's `received` on each message, one at a time (see `ReceivedLoop`). */
  runReceived(): void {
    new ReceivedLoop(this.peer.frames, this).start();
  }

  /** @internal The connection has ended: it leaves its topics. */
  leaveAll(): void {
    for (const topic of this.joined ?? []) this.owner.left(topic, this);
    this.joined = undefined;
  }

  get id(): ID {
    return this.peer.id;
  }

  get frames(): Stream<Frame> {
    return this.peer.frames.stream;
  }

  get closed(): Promise<CloseInfo> {
    return this.peer.closed;
  }

  get topics(): ReadonlySet<string> {
    return this.joined ?? noTopics;
  }

  isOpen(): boolean {
    return this.peer.isOpen();
  }

  send(frame: Frame): Promise<void> {
    if (frame?.type === 'close') return this.close(frame.code, frame.reason).then(() => undefined);
    return this.peer.send(frame);
  }

  post(frame: Frame): void {
    if (frame?.type === 'close') throw new InvalidFrameError('close a connection with close(), not post()');
    this.peer.post(frame);
  }

  sendFragments(
    parts: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
    options: { readonly binary?: boolean } = {},
  ): Promise<void> {
    return this.peer.sendFragments(parts, options.binary ?? false);
  }

  /** @internal For publish and broadcast: sends and says at once what became of it. */
  offer(frame: DataFrame): Offered {
    return this.peer.offer(frame);
  }

  ping(data: Uint8Array = empty): Promise<void> {
    return this.peer.send({ type: 'ping', data });
  }

  close(code = 1000, reason = ''): Promise<CloseInfo> {
    const checked = checkCloseArgs(code, reason);
    if (checked instanceof Error) return Promise.reject(checked);
    return this.peer.close(checked.code, checked.reason);
  }

  drop(): Promise<CloseInfo> {
    return this.peer.drop();
  }

  subscribe(topic: string): void {
    if (!this.peer.isOpen() || this.joined?.has(topic) === true) return;
    (this.joined ??= new Set()).add(topic);
    this.owner.joined(topic, this);
  }

  unsubscribe(topic: string): void {
    if (this.joined?.delete(topic) !== true) return;
    this.owner.left(topic, this);
  }

  resume(topic: string, after: string | undefined): Promise<Resumed> {
    return this.owner.resume(topic, this, after);
  }
}
