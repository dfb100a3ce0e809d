import { InvalidSettingsError, type Logger, silentLogger } from '@aws/client';
import type { Health } from '@aws/server';
import { createClient, type RedisClientOptions } from '@redis/client';
import { randomBytes } from 'node:crypto';

/** Options of {@link createRedisBroker}. */
export interface RedisBrokerOptions {
  /** Where Redis is. @default 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /** More options of node-redis's `createClient` (TLS, credentials, `database`...); `url` and the reconnection are the
   * broker's. */
  readonly client?: Omit<RedisClientOptions, 'url'>;
  /** `'pubsub'`: at most once, the lowest latency (sharded pub/sub, `SPUBLISH`, on Redis 7 and later); `'streams'`:
   * each topic a bounded Redis stream, ordered, with offsets and replay. @default 'pubsub' */
  readonly mode?: 'pubsub' | 'streams';
  /** Prefix of every key and channel. @default 'aws:' */
  readonly prefix?: string;
  /** Streams: the entries each topic's stream keeps (its replayable history). @default 10000 */
  readonly maxLength?: number;
  /** Streams: trim exactly at `maxLength`, or approximately (`~`, cheaper: Redis trims whole nodes). @default 'approximate' */
  readonly trim?: 'approximate' | 'exact';
  /** Reconnection backoff in ms: the first delay, doubled on each failure up to `max`, with ±20 % jitter.
   * @default { initial: 100, max: 5000 } */
  readonly reconnect?: { readonly initial?: number; readonly max?: number };
  /** The health probe: every `interval` ms a probe goes through Redis and back to this process; none back within
   * `timeout` ms makes the health false. @default { interval: 1000, timeout: 3000 } */
  readonly probe?: { readonly interval?: number; readonly timeout?: number };
  /** Where it logs Redis errors and reconnections (warn) and dropped malformed messages. @default silentLogger */
  readonly logger?: Logger;
}

export interface ResolvedOptions {
  readonly url: string;
  readonly client: Omit<RedisClientOptions, 'url'>;
  readonly prefix: string;
  readonly maxLength: number;
  readonly trim: '~' | '=';
  readonly reconnect: { readonly initial: number; readonly max: number };
  readonly probe: { readonly interval: number; readonly timeout: number };
  readonly logger: Logger;
}

const positive = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InvalidSettingsError(name, value, 'a whole number above 0');
  return value;
};

export function resolveOptions(options: RedisBrokerOptions): ResolvedOptions {
  const trim = options.trim ?? 'approximate';
  if (trim !== 'approximate' && trim !== 'exact') throw new InvalidSettingsError('trim', trim, "'approximate' or 'exact'");
  const initial = positive('reconnect.initial', options.reconnect?.initial, 100);
  const interval = positive('probe.interval', options.probe?.interval, 1_000);
  return {
    url: options.url ?? 'redis://127.0.0.1:6379',
    client: options.client ?? {},
    prefix: options.prefix ?? 'aws:',
    maxLength: positive('maxLength', options.maxLength, 10_000),
    trim: trim === 'exact' ? '=' : '~',
    reconnect: { initial, max: positive('reconnect.max', options.reconnect?.max, Math.max(5_000, initial)) },
    probe: { interval, timeout: positive('probe.timeout', options.probe?.timeout, Math.max(3_000, interval * 2)) },
    logger: options.logger ?? silentLogger,
  };
}

export type Client = ReturnType<typeof createClient>;

/**
 * The two connections of a broker, each reconnecting with backoff: `commands` (publish, append, read the history;
 * no offline queue, so a command while Redis is down fails at once instead of waiting) and `listener` (the pub/sub
 * subscription, or the blocking stream reader). And the health: both ready, and the last probe came back in time.
 */
export class RedisLink {
  /** This broker among all those on the Redis: its own messages and probes carry it. */
  readonly id = randomBytes(8).toString('hex');
  readonly commands: Client;
  readonly listener: Client;
  private lastProbe = 0;
  private probeTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(
    readonly options: ResolvedOptions,
    private readonly name: string,
  ) {
    const { initial, max } = options.reconnect;
    const reconnectStrategy = (retries: number): number => {
      const delay = Math.min(max, initial * 2 ** Math.min(retries, 20));
      return Math.round(delay * (0.8 + Math.random() * 0.4));
    };
    const socket = { ...options.client.socket, reconnectStrategy } as RedisClientOptions['socket'];
    this.commands = createClient({ ...options.client, url: options.url, socket, disableOfflineQueue: true });
    this.listener = createClient({ ...options.client, url: options.url, socket });
    for (const [role, client] of [
      ['commands', this.commands],
      ['listener', this.listener],
    ] as const) {
      // node-redis emits 'error' on every failed connection attempt; without a listener it would crash the process.
      client.on('error', (error: Error) => options.logger.warn({ err: error, role, broker: name }, 'redis connection error'));
      client.on('reconnecting', () => options.logger.debug({ role, broker: name }, 'redis reconnecting'));
    }
  }

  /** Connects both; resolves once both are ready (they keep retrying in the background if Redis is not up yet). */
  async connect(): Promise<void> {
    await Promise.all([this.commands.connect(), this.listener.connect()]);
  }

  /** Starts probing with `send`; `probed()` records one coming back. */
  startProbe(send: () => Promise<unknown>): void {
    const tick = (): void => {
      if (this.closed || !this.commands.isReady || !this.listener.isReady) return;
      send().catch((error: unknown) => this.options.logger.debug({ err: error, broker: this.name }, 'probe failed'));
    };
    this.probeTimer = setInterval(tick, this.options.probe.interval);
    this.probeTimer.unref?.();
    tick();
  }

  probed(): void {
    this.lastProbe = Date.now();
  }

  health(): Health {
    if (this.closed) return { ok: false, reason: 'broker unavailable: closed' };
    if (!this.commands.isReady || !this.listener.isReady) return { ok: false, reason: 'broker unavailable: no connection to Redis' };
    if (this.lastProbe === 0) return { ok: false, reason: 'broker unavailable: connecting' };
    const age = Date.now() - this.lastProbe;
    if (age > this.options.probe.timeout) {
      return { ok: false, reason: `broker unavailable: delivery stalled (no probe back for ${age} ms)` };
    }
    return { ok: true };
  }

  /** Resolves once healthy, or rejects after `timeout` ms with the last reason. */
  async healthy(timeout: number): Promise<void> {
    const deadline = Date.now() + timeout;
    for (let health = this.health(); !health.ok; health = this.health()) {
      if (this.closed || Date.now() > deadline) throw new Error(`the Redis broker is not healthy: ${health.reason}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends both connections; `abortListener` ends the listener at once (a reader blocked in XREAD would hold a
   * graceful close for up to its block time). */
  async close(abortListener = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.probeTimer);
    await Promise.all(
      [this.commands, this.listener].map(async (client) => {
        if (client.isReady && !(abortListener && client === this.listener)) await closeWithin(client, gracefulCloseMs);
        else if (client.isOpen) client.destroy();
      }),
    );
  }
}

/** How long a graceful close may wait for the replies still due before the connection is ended anyway: a server's
 * shutdown must end even when Redis stops answering (or drops the connection) halfway through. */
const gracefulCloseMs = 1_000;

async function closeWithin(client: { close(): Promise<unknown>; destroy(): unknown; readonly isOpen: boolean }, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, ms, 'late')));
  const outcome = await Promise.race([
    client.close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (outcome !== 'closed' && client.isOpen) client.destroy();
}
