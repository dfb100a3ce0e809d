import type { Frame, ID } from '@aws/client';
import { BrokerUnavailableError, type Broker, type BrokerDelivery, type BrokerHistory, type BrokerSink, type Health } from '@aws/server';
import { RESP_TYPES } from '@redis/client';
import { compareStreamIds, decodeFrame, encodeFrame, isStreamId, sequenceOf } from './frame-codec.js';
import { RedisLink, type ResolvedOptions } from './redis-link.js';

/** An entry as XREAD and XRANGE give it with the buffer mapping. */
interface Entry {
  readonly id: Buffer | string;
  readonly message: Record<string, Buffer | string>;
}

/** How long one blocking read waits at most: a new topic wakes it earlier (CLIENT UNBLOCK). */
const blockMs = 1_000;
/** Entries read per stream and round, and per page of a replay. */
const page = 1_000;

/**
 * Streams mode: each topic a Redis stream bounded to `maxLength` entries (`XADD ... MAXLEN`), read by one blocking
 * `XREAD` per process over every topic it has subscribers for. Every process, the publisher's too, delivers from the
 * stream, in the stream's order, each frame with its stream id as offset. The ids are `0-1`, `0-2`... (`XADD key 0-*`:
 * Redis numbers the entries of a stream one by one), so a gap is visible: `history` answers `resync` when the entry
 * right after the client's offset was trimmed, and a reader that finds the next entry trimmed before it read it
 * reports the loss (`BrokerSink.lost`) instead of skipping silently.
 */
export class StreamsBroker implements Broker {
  readonly loopback = true;
  readonly mode = 'streams';
  private readonly link: RedisLink;
  private sink: BrokerSink | undefined;
  /** Per topic with local subscribers: the last id delivered, or `undefined` until its start is read. */
  private readonly cursors = new Map<string, string | undefined>();
  private readonly started = new Map<string, Array<(offset: string) => void>>();
  /** Topics whose start the commands connection is reading: the reader must not pick a later one. */
  private readonly fetching = new Set<string>();
  private readonly probeKey: string;
  private probeCursor = '$';
  private readerId: number | undefined;
  private reading: Promise<void> | undefined;

  constructor(private readonly options: ResolvedOptions) {
    this.link = new RedisLink(options, 'streams');
    this.probeKey = `${options.prefix}probe:${this.link.id}`;
  }

  private key(topic: string): string {
    return `${this.options.prefix}stream:${topic}`;
  }

  start(sink: BrokerSink): void {
    this.sink = sink;
    void this.link
      .connect()
      .then(() => {
        this.reading = this.read();
        this.link.startProbe(async () => {
          await this.link.commands.xAdd(this.probeKey, '*', { p: '1' }, { TRIM: { strategy: 'MAXLEN', threshold: 1 } });
          await this.link.commands.pExpire(this.probeKey, this.options.probe.timeout * 10);
        });
      })
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'the Redis broker could not start'));
  }

  /** The reader: one blocking XREAD over the probe and every subscribed topic, from each one's cursor, until closed. */
  private async read(): Promise<void> {
    const reader = this.link.listener.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    let failures = 0;
    while (!this.link.isClosed) {
      try {
        if (!this.link.listener.isReady) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          this.readerId = undefined;
          continue;
        }
        if (this.readerId === undefined) {
          this.readerId = await this.link.listener.clientId();
          await this.checkCursors();
        }
        await this.startCursors();
        const streams = [{ key: this.probeKey, id: this.probeCursor }];
        for (const [topic, id] of this.cursors) if (id !== undefined) streams.push({ key: this.key(topic), id });
        const result = (await reader.xRead(streams, { BLOCK: blockMs, COUNT: page })) as Array<{
          name: Buffer | string;
          messages: Entry[];
        }> | null;
        failures = 0;
        for (const stream of result ?? []) this.take(stream.name.toString(), stream.messages);
      } catch (error) {
        if (this.link.isClosed) return;
        failures += 1;
        this.readerId = undefined;
        this.options.logger.debug({ err: error }, 'stream read failed');
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(this.options.reconnect.max, this.options.reconnect.initial * failures)),
        );
      }
    }
  }

  /** The id of a stream's last entry ever (trimmed or not), `0-0` when there is no such stream: one command, so that
   * a publish sent after it on the same connection comes after it. */
  private async lastId(topic: string, client = this.link.listener): Promise<string> {
    try {
      const info = await client.xInfoStream(this.key(topic));
      return String(info['last-generated-id'] ?? '0-0');
    } catch (error) {
      if (/no such key/i.test((error as Error).message)) return '0-0';
      throw error;
    }
  }

  private begin(topic: string, start: string): void {
    if (!this.cursors.has(topic) || this.cursors.get(topic) !== undefined) return;
    this.cursors.set(topic, start);
    for (const resolve of this.started.get(topic) ?? []) resolve(start);
    this.started.delete(topic);
  }

  /** After a reconnection: a stream whose last id is behind our cursor was lost (a Redis restart without its data,
   * a deletion), and numbering started again. Its local subscribers are told, and reading starts again from 0. */
  private async checkCursors(): Promise<void> {
    for (const [topic, id] of this.cursors) {
      if (id === undefined) continue;
      const last = await this.lastId(topic);
      if (compareStreamIds(last, id) >= 0 || !this.cursors.has(topic)) continue;
      this.cursors.set(topic, '0-0');
      this.sink?.lost(topic, `the stream of ${JSON.stringify(topic)} was lost (it is at ${last}, this process had read ${id})`);
    }
  }

  /** Where live delivery of a newly subscribed topic starts: after its last entry now. */
  private async startCursors(): Promise<void> {
    for (const [topic, id] of this.cursors) {
      if (id !== undefined || this.fetching.has(topic)) continue;
      this.begin(topic, await this.lastId(topic));
    }
  }

  private take(name: string, entries: Entry[]): void {
    if (name === this.probeKey) {
      const last = entries.at(-1);
      if (last !== undefined) this.probeCursor = last.id.toString();
      return this.link.probed();
    }
    const topic = name.slice(this.options.prefix.length + 'stream:'.length);
    for (const entry of entries) {
      const offset = entry.id.toString();
      // A topic unsubscribed (or resubscribed from a new start) while this read was out: not ours any more.
      const cursor = this.cursors.get(topic);
      if (cursor === undefined || compareStreamIds(offset, cursor) <= 0) continue;
      this.cursors.set(topic, offset);
      const missed = sequenceOf(offset) - sequenceOf(cursor) - 1;
      if (missed > 0) this.sink?.lost(topic, `${missed} frames of ${JSON.stringify(topic)} were trimmed before this process read them`);
      const delivery = this.toDelivery(topic, entry);
      if (delivery !== undefined) this.sink?.deliver(delivery);
    }
  }

  private toDelivery(topic: string, entry: Entry): BrokerDelivery | undefined {
    const { k, d, x } = entry.message;
    const frame = k === undefined || d === undefined ? undefined : decodeFrame(k.toString(), Buffer.isBuffer(d) ? d : Buffer.from(d));
    if (frame === undefined) {
      this.options.logger.warn({ topic, offset: entry.id.toString() }, 'malformed stream entry: skipped');
      return undefined;
    }
    return { topic, frame, offset: entry.id.toString(), except: x === undefined ? undefined : (x.toString() as ID) };
  }

  /** Wakes the blocked reader so that it reads a new topic at once rather than within a second. */
  private wake(): void {
    if (this.readerId === undefined || !this.link.commands.isReady) return;
    this.link.commands.sendCommand(['CLIENT', 'UNBLOCK', String(this.readerId)]).catch(() => {});
  }

  async publish(topic: string, frame: Frame, except?: ID): Promise<{ offset: string }> {
    if (!this.link.commands.isReady) throw new BrokerUnavailableError(topic, 'no connection to Redis');
    const { kind, payload } = encodeFrame(frame);
    const fields: Record<string, string | Buffer> = except === undefined ? { k: kind, d: payload } : { k: kind, d: payload, x: except };
    try {
      const offset = await this.link.commands.xAdd(this.key(topic), '0-*', fields, {
        TRIM: { strategy: 'MAXLEN', strategyModifier: this.options.trim, threshold: this.options.maxLength },
      });
      return { offset: offset.toString() };
    } catch (error) {
      throw new BrokerUnavailableError(topic, (error as Error).message);
    }
  }

  subscribe(topic: string): Promise<string> {
    const started = new Promise<string>((resolve) => {
      const waiting = this.started.get(topic) ?? [];
      waiting.push(resolve);
      this.started.set(topic, waiting);
    });
    if (this.cursors.has(topic)) return started;
    this.cursors.set(topic, undefined);
    // Where it starts is read at once on the commands connection: a publish of this process sent after this
    // subscribe is then after the start, never lost. Failing that (Redis away), the reader reads it when it can.
    if (this.link.commands.isReady) {
      this.fetching.add(topic);
      this.lastId(topic, this.link.commands)
        .then(
          (start) => this.begin(topic, start),
          () => {},
        )
        .finally(() => {
          this.fetching.delete(topic);
          this.wake();
        });
    } else this.wake();
    return started;
  }

  unsubscribe(topic: string): void {
    this.cursors.delete(topic);
    // A resume still waiting for the start goes on (and finds its connection gone).
    for (const resolve of this.started.get(topic) ?? []) resolve('0-0');
    this.started.delete(topic);
  }

  async history(topic: string, after: string): Promise<BrokerHistory> {
    if (!isStreamId(after)) return { type: 'resync', reason: `${JSON.stringify(after)} is not an offset of this broker` };
    const key = this.key(topic);
    const reader = this.link.commands.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    if ((await this.link.commands.exists(key)) === 0) {
      return { type: 'resync', reason: 'the topic has no history (its stream is gone: deleted, or lost in a Redis restart)' };
    }
    const info = await this.link.commands.xInfoStream(key);
    if (compareStreamIds(after, String(info['last-generated-id'])) > 0) {
      return { type: 'resync', reason: 'the offset is newer than the stream (the stream was lost and started again)' };
    }
    const deliveries: BrokerDelivery[] = [];
    let from = after;
    for (;;) {
      const entries = (await reader.xRange(key, `(${from}`, '+', { COUNT: page })) as unknown as Entry[];
      const first = entries[0];
      // Entries are numbered one by one: the next one missing means it was trimmed (between pages too).
      if (first !== undefined && sequenceOf(first.id.toString()) !== sequenceOf(from) + 1) {
        return { type: 'resync', reason: 'the history was trimmed past the offset' };
      }
      if (first === undefined && deliveries.length === 0 && compareStreamIds(after, String(info['last-generated-id'])) < 0) {
        return { type: 'resync', reason: 'the history was trimmed past the offset' };
      }
      for (const entry of entries) {
        const delivery = this.toDelivery(topic, entry);
        if (delivery !== undefined) deliveries.push(delivery);
        from = entry.id.toString();
      }
      if (entries.length < page) return { type: 'replay', deliveries };
    }
  }

  compare(a: string, b: string): number {
    return compareStreamIds(a, b);
  }

  health(): Health {
    return this.link.health();
  }

  accepting(): boolean {
    return !this.link.isClosed && this.link.commands.isReady;
  }

  /** Resolves once the broker delivers (connected, its probe back), or rejects after `timeout` ms. */
  healthy(timeout = 10_000): Promise<void> {
    return this.link.healthy(timeout);
  }

  /** The topics it reads (from a known start): for tests of the clean-up. */
  get subscribed(): ReadonlySet<string> {
    return new Set([...this.cursors].filter(([, id]) => id !== undefined).map(([topic]) => topic));
  }

  async close(): Promise<void> {
    if (this.link.isClosed) return;
    this.sink = undefined;
    this.cursors.clear();
    for (const waiting of this.started.values()) for (const resolve of waiting) resolve('0-0');
    this.started.clear();
    // Best effort, and bounded: the probe key expires by itself, and a shutdown must not wait on a Redis that does
    // not answer.
    if (this.link.commands.isReady) {
      const removed = this.link.commands.del(this.probeKey).catch(() => 0);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([removed, new Promise((resolve) => (timer = setTimeout(resolve, 500)))]);
      clearTimeout(timer);
    }
    const reading = this.reading;
    // The reader may be blocked in XREAD for up to a second: closing its connection ends the read.
    await this.link.close(true);
    await reading;
  }
}
