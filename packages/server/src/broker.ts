import { type Frame, type ID, WebSocketError } from '@aws/client';
import type { ServerConnection } from './server-connection.js';

/**
 * A frame of a topic as the broker hands it to a server: for its connections subscribed to `topic`. `offset` is the
 * frame's place in the topic's history when the broker keeps one (a Redis stream id), `except` the connection the
 * publisher left out.
 *
 * @example
 * ```ts
 * broker.start((delivery) => console.log(delivery.topic, delivery.offset))
 * ```
 */
export interface BrokerDelivery {
  readonly topic: string;
  readonly frame: Frame;
  readonly offset?: string | undefined;
  readonly except?: ID | undefined;
}

/**
 * What the broker says once it has taken a publish for every process: its offset when it keeps a history.
 *
 * @example
 * ```ts
 * const { offset } = await server.publish('lobby', Frame.text('hi')).accepted
 * ```
 */
export interface BrokerReceipt {
  readonly offset?: string | undefined;
}

/**
 * Whether delivery works: `ok` is false whenever a frame published now might not reach every subscribed process
 * (the broker is unreachable, or its subscription is dead although the connection is up), with the reason.
 *
 * @example
 * ```ts
 * http.get('/health', (_req, res) => res.writeHead(server.health().ok ? 200 : 503).end(server.health().reason))
 * ```
 */
export interface Health {
  readonly ok: boolean;
  /** Why not, when not: `'broker unavailable'`, `'server shutting down'`... */
  readonly reason?: string | undefined;
}

/**
 * What a topic carried after an offset: the frames to replay in order, or that the history no longer reaches back
 * that far (or never had it: a broker without history, an offset from before a Redis restart), so the application
 * must resynchronise its state by other means.
 *
 * @example
 * ```ts
 * const history = await broker.history('lobby', '1700000000000-0')
 * if (history.type === 'resync') console.log(history.reason)
 * ```
 */
export type BrokerHistory =
  | { readonly type: 'replay'; readonly deliveries: readonly BrokerDelivery[] }
  | { readonly type: 'resync'; readonly reason: string };

/**
 * Where a broker hands what it receives: the frames, and the news that frames of a topic were lost for this process.
 *
 * @example
 * ```ts
 * broker.start({ deliver: (delivery) => fanOut(delivery), lost: (topic, reason) => log.warn({ topic }, reason) })
 * ```
 */
export interface BrokerSink {
  deliver(delivery: BrokerDelivery): void;
  lost(topic: string, reason: string): void;
}

/**
 * Carries the frames of topics between server processes. A server starts it once with where to deliver, tells it
 * when a topic gets its first local subscriber and loses its last, and publishes through it. The in-memory broker
 * (the default, `createMemoryBroker()` of `@aws/server-core`) serves one process; `@aws/server-redis` spans many.
 * The server owns the broker it is given: `server.close()` closes it.
 *
 * @example
 * ```ts
 * const server = createLiveServer({ topics: { broker: createRedisBroker({ url, mode: 'streams' }) } })
 * ```
 */
export interface Broker {
  /** `true` when the broker hands this server's own publishes back through `deliver`, in the topic's order and with
   * their offsets (Redis streams); `false` when the server fans its own publishes out at once itself (pub/sub). */
  readonly loopback: boolean;
  /** Called once by the server, before anything else: where the frames go, and where the broker says that some of a
   * topic's frames could not be delivered here (trimmed from the stream before this process read them, the stream
   * lost in a Redis restart). */
  start(sink: BrokerSink): void;
  /** Takes a frame for every process; rejects with {@link BrokerUnavailableError} when it cannot, never silently. */
  publish(topic: string, frame: Frame, except?: ID): Promise<BrokerReceipt>;
  /** The first local subscriber joined `topic`: resolves once the broker delivers it, with the offset live delivery
   * starts after (when the broker keeps a history). Never rejects: a subscription that fails shows in `health`. */
  subscribe(topic: string): Promise<string | undefined>;
  /** The last local subscriber left `topic`. */
  unsubscribe(topic: string): void;
  /** What `topic` carried after `after`, up to now. */
  history(topic: string, after: string): Promise<BrokerHistory>;
  /** Orders two offsets of a topic: negative when `a` came first. */
  compare(a: string, b: string): number;
  health(): Health;
  /** Whether a publish can be taken now: `false` (Redis unreachable) rejects it before anything is delivered, even
   * here. Health can be false while this is true: the publish reaches Redis, but delivery to this process stalls. */
  accepting(): boolean;
  /** Stops delivering and ends the broker's connections. */
  close(): Promise<void>;
}

/**
 * What `resume` did: `replayed` the frames missed since the offset (then live), `live` when there was no offset to
 * start from, `resync` when the history does not reach back to it (the application must resynchronise), `closed`
 * when the connection ended first.
 *
 * @example
 * ```ts
 * const resumed = await connection.resume('lobby', lastOffset)
 * if (resumed.type === 'resync') await connection.send(Frame.text('{"resync":true}'))
 * ```
 */
export type Resumed =
  | { readonly type: 'live' }
  | { readonly type: 'replayed'; readonly count: number }
  | { readonly type: 'resync'; readonly reason: string }
  | { readonly type: 'closed' };

/**
 * The broker cannot take a publish now (Redis unreachable, its subscription dead): nothing of it was delivered.
 *
 * @example
 * ```ts
 * await server.publish('lobby', frame).accepted.catch((e) => { if (e instanceof BrokerUnavailableError) retryLater() })
 * ```
 */
export class BrokerUnavailableError extends WebSocketError {
  readonly _tag = 'BrokerUnavailableError';
  constructor(
    readonly topic: string,
    detail: string,
  ) {
    super(`broker unavailable: the publish to ${JSON.stringify(topic)} was not taken (${detail})`);
  }
}

/**
 * The topics of a server: the broker that carries them across processes, and how a frame's offset reaches the client.
 *
 * @example
 * ```ts
 * createLiveServer({ topics: { broker, stamp: (frame, offset) => Frame.text(JSON.stringify({ offset, text: textOf(frame) })) } })
 * ```
 */
export interface TopicOptions {
  /** @default the in-memory broker: one process */
  readonly broker?: Broker;
  /** Puts a frame's offset into what its subscribers receive, in the application's protocol; called once per frame and
   * process, so the fan-out still encodes once. @default the frame unchanged (the offset is not sent) */
  readonly stamp?: (frame: Frame, offset: string, topic: string) => Frame;
  /** What happens to a subscriber of a topic whose live frames the broker lost (`BrokerSink.lost`): never a silent
   * gap. @default closing it with 1013 (try again later), so that a reconnecting client resumes from its offset and
   * gets the frames or a `resync` */
  readonly lost?: (topic: string, connection: ServerConnection<unknown>, reason: string) => void;
}
