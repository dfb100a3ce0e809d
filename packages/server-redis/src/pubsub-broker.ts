import type { Frame, ID } from '@aws/client';
import { BrokerUnavailableError, type Broker, type BrokerHistory, type BrokerSink, type Health } from '@aws/server';
import { compareStreamIds, decodeMessage, encodeMessage } from './frame-codec.js';
import { RedisLink, type ResolvedOptions } from './redis-link.js';

/**
 * Pub/sub mode: each topic a Redis channel (sharded, `SSUBSCRIBE`/`SPUBLISH`, on Redis 7 and later; plain
 * `SUBSCRIBE`/`PUBLISH` before), at most once. The publishing server fans out to its own subscribers itself; the
 * others get the frame from Redis. Nothing is kept: a frame published while a process is disconnected does not reach
 * it, and a `resume` answers `resync`.
 */
export class PubSubBroker implements Broker {
  readonly loopback = false;
  readonly mode = 'pubsub';
  private readonly link: RedisLink;
  private sink: BrokerSink | undefined;
  /** The topics with local subscribers: resubscribed after every reconnection. */
  private readonly topics = new Set<string>();
  /** Those Redis has confirmed. */
  private readonly active = new Set<string>();
  /** Those whose subscribing failed on a connection that is up: retried with every probe, and the health is false
   * meanwhile (delivery of that topic does not work). */
  private readonly failed = new Set<string>();
  private sharded = true;
  private readonly probeChannel: string;

  constructor(private readonly options: ResolvedOptions) {
    this.link = new RedisLink(options, 'pubsub');
    this.probeChannel = `${options.prefix}probe:${this.link.id}`;
  }

  /** One listener for every channel: subscribing it again after a reconnection never doubles a delivery. */
  private readonly listener = (message: Buffer, channel: Buffer | string): void => {
    const name = channel.toString();
    if (name === this.probeChannel) return this.link.probed();
    const decoded = decodeMessage(message);
    if (decoded === undefined) return this.options.logger.warn({ channel: name }, 'malformed message on a topic channel: dropped');
    if (decoded.origin === this.link.id) return;
    this.sink?.deliver({ topic: name.slice(this.options.prefix.length + 'topic:'.length), frame: decoded.frame });
  };

  private channel(topic: string): string {
    return `${this.options.prefix}topic:${topic}`;
  }

  start(sink: BrokerSink): void {
    this.sink = sink;
    this.link.listener.on('ready', () => {
      // node-redis resubscribes what it had; this also covers a subscribe that failed while Redis was away.
      for (const topic of this.topics) void this.listen(topic);
      void this.listen(undefined);
    });
    void this.link
      .connect()
      .then(async () => {
        const info = await this.link.commands.info('server');
        const major = Number(/redis_version:(\d+)/.exec(info)?.[1] ?? 0);
        this.sharded = major >= 7;
        await this.listen(undefined);
        this.link.startProbe(() => {
          for (const topic of this.failed) void this.listen(topic);
          return this.send(this.probeChannel, Buffer.from('probe'));
        });
      })
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'the Redis broker could not start'));
  }

  private send(channel: string, message: Buffer): Promise<number> {
    return this.sharded ? this.link.commands.sPublish(channel, message) : this.link.commands.publish(channel, message);
  }

  /** Subscribes a topic's channel, or the probe's (`undefined`); never rejects (health tells). */
  private async listen(topic: string | undefined): Promise<void> {
    if (!this.link.listener.isReady) return;
    const channel = topic === undefined ? this.probeChannel : this.channel(topic);
    try {
      if (this.sharded) await this.link.listener.sSubscribe(channel, this.listener, true);
      else await this.link.listener.subscribe(channel, this.listener, true);
      if (topic !== undefined && this.topics.has(topic)) this.active.add(topic);
      if (topic !== undefined) this.failed.delete(topic);
    } catch (error) {
      if (topic !== undefined && this.topics.has(topic) && this.link.listener.isReady) this.failed.add(topic);
      this.options.logger.warn({ err: error, channel }, 'subscribing failed: retried on reconnection');
    }
  }

  async publish(topic: string, frame: Frame, _except?: ID): Promise<{ offset?: undefined }> {
    if (!this.link.commands.isReady) throw new BrokerUnavailableError(topic, 'no connection to Redis');
    try {
      await this.send(this.channel(topic), encodeMessage(this.link.id, frame));
    } catch (error) {
      throw new BrokerUnavailableError(topic, (error as Error).message);
    }
    return {};
  }

  async subscribe(topic: string): Promise<undefined> {
    this.topics.add(topic);
    await this.listen(topic);
    return undefined;
  }

  unsubscribe(topic: string): void {
    this.active.delete(topic);
    this.failed.delete(topic);
    if (!this.topics.delete(topic) || !this.link.listener.isReady) return;
    const channel = this.channel(topic);
    const done = this.sharded
      ? this.link.listener.sUnsubscribe(channel, this.listener, true)
      : this.link.listener.unsubscribe(channel, this.listener, true);
    done.catch((error: unknown) => this.options.logger.debug({ err: error, channel }, 'unsubscribing failed'));
  }

  history(): Promise<BrokerHistory> {
    return Promise.resolve({ type: 'resync', reason: 'pub/sub mode keeps no history' });
  }

  compare(a: string, b: string): number {
    return compareStreamIds(a, b);
  }

  health(): Health {
    const health = this.link.health();
    if (!health.ok || this.failed.size === 0) return health;
    return { ok: false, reason: `broker unavailable: subscribing to ${[...this.failed].map((t) => JSON.stringify(t)).join(', ')} failed` };
  }

  accepting(): boolean {
    return !this.link.isClosed && this.link.commands.isReady;
  }

  /** Resolves once the broker delivers (connected, its probe back), or rejects after `timeout` ms. */
  healthy(timeout = 10_000): Promise<void> {
    return this.link.healthy(timeout);
  }

  /** The topics Redis has confirmed its subscription to: for tests of the clean-up. */
  get subscribed(): ReadonlySet<string> {
    return this.active;
  }

  close(): Promise<void> {
    this.sink = undefined;
    return this.link.close();
  }
}
