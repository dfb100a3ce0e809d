import type { Frame, ID, Logger } from '@aws/client';
import type { DataFrame } from '@aws/core';
import {
  BrokerUnavailableError,
  type Broker,
  type BrokerDelivery,
  type BrokerReceipt,
  type Health,
  type Publication,
  type PublishResult,
  type Resumed,
  type TopicOptions,
} from '@aws/server';
import type { HostedConnection } from './hosted-connection.js';
import { createMemoryBroker } from './memory-broker.js';

/** A connection resuming a topic: live frames wait in `buffer` while the replay is sent, then those at or before
 * `floor` (already replayed) are skipped until the live stream passes it. */
interface Catching {
  buffer: Frame[] | undefined;
  offsets: string[];
  floor: string | undefined;
}

/** How long a resume waits for the broker to start delivering its topic (Redis unreachable) before it answers
 * `resync`: the connection's `connected` handler should not hang on an outage. */
const resumeTimeout = 10_000;

/** Whether `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

const none: PublishResult = Object.freeze({ delivered: 0, skipped: [], closed: [] });

/** A publish result with its broker's answer, not enumerable (the counts are the data) and already handled (a
 * caller that ignores it gets no unhandled rejection; one that awaits it still sees the error). */
function publication(result: PublishResult, accepted: Promise<BrokerReceipt>): Publication {
  accepted.catch(() => {});
  return Object.defineProperty({ ...result }, 'accepted', { value: accepted, enumerable: false }) as Publication;
}

/**
 * The topics of a server: who is subscribed to what in this process, the broker that carries the topics to the other
 * processes (subscribed while a topic has a local subscriber), the fan-out of what the broker delivers (each frame
 * stamped and encoded once for the process) and the replay of a resuming connection.
 *
 * @example
 * ```ts
 * const topics = new Topics({ broker }, logger)
 * topics.publish('lobby', Frame.text('hi'), undefined)
 * ```
 */
export class Topics {
  private readonly members = new Map<string, Set<HostedConnection>>();
  private readonly catching = new Map<string, Map<HostedConnection, Catching>>();
  /** Per topic with local subscribers: resolves once the broker delivers it, with the offset live delivery starts after. */
  private readonly live = new Map<string, Promise<string | undefined>>();
  private readonly broker: Broker;
  private readonly stamp: TopicOptions['stamp'];
  private readonly onLost: NonNullable<TopicOptions['lost']>;

  constructor(
    options: TopicOptions,
    private readonly logger: Logger,
  ) {
    this.broker = options.broker ?? createMemoryBroker();
    this.stamp = options.stamp;
    this.onLost = options.lost ?? ((_topic, connection) => void connection.close(1013, 'topic frames lost: resume').catch(() => {}));
    this.broker.start({ deliver: (delivery) => this.delivered(delivery), lost: (topic, reason) => this.lostFrames(topic, reason) });
  }

  joined(topic: string, connection: HostedConnection): void {
    let members = this.members.get(topic);
    if (members === undefined) {
      this.members.set(topic, (members = new Set()));
      this.live.set(topic, this.subscribe(topic));
    }
    members.add(connection);
  }

  /** Asks the broker at once (a publish right after must come after it), and never lets a broker that breaks its
   * promise not to reject leave an unhandled rejection. */
  private subscribe(topic: string): Promise<string | undefined> {
    let started: Promise<string | undefined>;
    try {
      started = this.broker.subscribe(topic);
    } catch (error) {
      started = Promise.reject(error);
    }
    return started.catch((error: unknown) => {
      this.logger.warn({ err: error, topic }, 'the broker failed to subscribe');
      return undefined;
    });
  }

  left(topic: string, connection: HostedConnection): void {
    const members = this.members.get(topic);
    if (members?.delete(connection) !== true) return;
    this.forget(topic, connection);
    if (members.size > 0) return;
    this.members.delete(topic);
    this.live.delete(topic);
    this.broker.unsubscribe(topic);
  }

  /** The topics with local subscribers, for tests and metrics. */
  get size(): number {
    return this.members.size;
  }

  health(): Health {
    return this.broker.health();
  }

  /** Closes the broker; a failure is logged, never thrown at the server's shutdown. */
  async close(): Promise<void> {
    try {
      await this.broker.close();
    } catch (error) {
      this.logger.warn({ err: error }, 'the broker failed to close');
    }
  }

  /** `frame` is checked. While the broker is down, nothing is delivered anywhere and `accepted` rejects. */
  publish(topic: string, frame: Frame, except: ID | undefined): Publication {
    if (!this.broker.accepting()) {
      const reason = this.broker.health().reason ?? 'broker unavailable';
      return publication(none, Promise.reject(new BrokerUnavailableError(topic, reason)));
    }
    let accepted: Promise<BrokerReceipt>;
    try {
      accepted = this.broker.publish(topic, frame, except);
    } catch (error) {
      accepted = Promise.reject(error);
    }
    const local = this.broker.loopback ? none : this.fanOut(topic, frame, undefined, except);
    return publication(local, accepted);
  }

  /** Joins `topic` and replays what it carried after `after`, then goes live with no frame missed or twice. */
  async resume(topic: string, connection: HostedConnection, after: string | undefined): Promise<Resumed> {
    if (!connection.isOpen()) return { type: 'closed' };
    if (after === undefined) {
      connection.subscribe(topic);
      return { type: 'live' };
    }
    // Its live frames wait while the history is read (already subscribed or not), then those the replay had are
    // skipped.
    let byConnection = this.catching.get(topic);
    if (byConnection === undefined) this.catching.set(topic, (byConnection = new Map()));
    const state: Catching = { buffer: [], offsets: [], floor: undefined };
    byConnection.set(connection, state);
    connection.subscribe(topic);
    let history: Awaited<ReturnType<Broker['history']>>;
    try {
      // Read after the live subscription began, so history and live overlap rather than leave a gap.
      const started = await settlesWithin(this.live.get(topic) ?? Promise.resolve(), resumeTimeout);
      history = started ? await this.broker.history(topic, after) : { type: 'resync', reason: 'broker unavailable' };
    } catch (error) {
      history = { type: 'resync', reason: `the history could not be read: ${(error as Error).message}` };
    }
    if (this.catching.get(topic)?.get(connection) !== state) return { type: 'closed' };
    let floor = after;
    let count = 0;
    if (history.type === 'replay') {
      for (const delivery of history.deliveries) {
        if (delivery.offset === undefined || this.broker.compare(delivery.offset, floor) <= 0) continue;
        connection.offer(this.stamped(delivery) as DataFrame);
        floor = delivery.offset;
        count += 1;
      }
    }
    const buffer = state.buffer ?? [];
    state.buffer = undefined;
    for (let i = 0; i < buffer.length; i += 1) {
      const offset = state.offsets[i] as string;
      if (history.type === 'replay' && this.broker.compare(offset, floor) <= 0) continue;
      connection.offer(buffer[i] as DataFrame);
      floor = offset;
    }
    state.offsets = [];
    state.floor = floor;
    if (history.type === 'resync') this.forget(topic, connection);
    return history.type === 'replay' ? { type: 'replayed', count } : { type: 'resync', reason: history.reason };
  }

  private lostFrames(topic: string, reason: string): void {
    const members = this.members.get(topic);
    if (members === undefined) return;
    this.logger.warn({ topic, subscribers: members.size, reason }, 'topic frames lost for this process');
    for (const connection of [...members]) {
      try {
        this.onLost(topic, connection, reason);
      } catch (error) {
        this.logger.warn({ err: error, topic }, 'lost handler failed');
      }
    }
  }

  private forget(topic: string, connection: HostedConnection): void {
    const catching = this.catching.get(topic);
    if (catching?.delete(connection) === true && catching.size === 0) this.catching.delete(topic);
  }

  private stamped(delivery: BrokerDelivery): Frame {
    return delivery.offset === undefined || this.stamp === undefined
      ? delivery.frame
      : this.stamp(delivery.frame, delivery.offset, delivery.topic);
  }

  /** A frame the broker delivers: stamped once, offered to every local subscriber but the publisher's `except`. */
  private delivered(delivery: BrokerDelivery): void {
    if (!this.members.has(delivery.topic)) return;
    let frame: Frame;
    try {
      frame = this.stamped(delivery);
    } catch (error) {
      return this.logger.warn({ err: error, topic: delivery.topic }, 'stamp failed: frame not delivered');
    }
    const result = this.fanOut(delivery.topic, frame, delivery.offset, delivery.except);
    if (result.skipped.length > 0 || result.closed.length > 0) {
      this.logger.warn({ topic: delivery.topic, skipped: result.skipped, closed: result.closed }, 'topic frame not delivered to some');
    }
  }

  private fanOut(topic: string, frame: Frame, offset: string | undefined, except: ID | undefined): PublishResult {
    const members = this.members.get(topic);
    if (members === undefined) return none;
    const catching = this.catching.get(topic);
    let delivered = 0;
    const skipped: ID[] = [];
    const closed: ID[] = [];
    for (const connection of members) {
      if (except !== undefined && connection.id === except) continue;
      const state = catching?.get(connection);
      if (state !== undefined && offset !== undefined) {
        if (state.buffer !== undefined) {
          state.buffer.push(frame);
          state.offsets.push(offset);
          continue;
        }
        if (state.floor !== undefined && this.broker.compare(offset, state.floor) <= 0) continue;
        catching?.delete(connection);
      }
      const outcome = connection.offer(frame as DataFrame);
      if (outcome === 'delivered') delivered += 1;
      else if (outcome === 'skipped') skipped.push(connection.id);
      else closed.push(connection.id);
    }
    if (catching?.size === 0) this.catching.delete(topic);
    return { delivered, skipped, closed };
  }
}
