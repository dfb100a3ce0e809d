import {
  frameConnection,
  receivePressure,
  StreamIterator,
  type ConnectionNumbered,
  type Frame,
  type IteratorPressure,
  type PressureSource,
} from '@aws/client';
import type { Observable, Subscriber, TeardownLogic } from 'rxjs';
import { frameBytes } from './frame-bytes.js';
import { LiveStream } from './live-stream.js';
import { Pressure, type PressureListener, type WaterMarks } from './pressure.js';
import {
  completeAll,
  deliver,
  Membership,
  noSubscribers,
  subscriberCount,
  withoutSubscriber,
  withSubscriber,
  type Sink,
  type SubscriberList,
} from './subscriber-list.js';

/** The frame stream: its `for await` consumers count toward the connection's receive pressure. One class for all
 * connections (a class expression in the constructor would make a new class, prototype and hidden classes each time). */
class FrameStream extends LiveStream<Frame> implements ConnectionNumbered, PressureSource {
  constructor(readonly hub: FrameHub) {
    // One function for every stream, called on the stream (rxjs types its `this`): no closure per connection.
    super(subscribeToHub);
  }

  [frameConnection](): number {
    return this.hub.delivering;
  }

  [receivePressure](): IteratorPressure {
    return this.hub.pressure;
  }

  override [Symbol.asyncIterator](): AsyncIterator<Frame> {
    return new StreamIterator<Frame>(this, { pressure: this.hub.pressure, weigh: frameBytes });
  }
}

function subscribeToHub(this: Observable<Frame>, subscriber: Subscriber<Frame>): TeardownLogic {
  return (this as FrameStream).hub.subscribe(subscriber);
}

/** Who a hub's receive pressure reports to, with the water marks it is judged by. */
export interface HubOwner extends PressureListener {
  readonly receiveMarks: WaterMarks;
}

/** The frames that wait while nobody listens, with the connection number of each and their weight. One object,
 * gone once delivered, rather than three fields on every hub (idle memory counts). */
interface Backlog {
  readonly frames: Frame[];
  readonly connections: number[];
  bytes: number;
}

function newBacklog(): Backlog {
  return { frames: [], connections: [], bytes: 0 };
}

const flushScheduledFlag = 1;
const flushingFlag = 2;
const endedFlag = 4;

/**
 * The frames of one connection id, multicast to every subscriber. It outlives any one socket, so the same stream
 * goes on across reconnections. While nobody listens, frames wait in a backlog that the next subscribers get (all of
 * them that subscribe in the same turn), so a welcome sent right after the handshake is never lost. The backlog and
 * every `for await` consumer's queue count toward the receive water marks: past the high mark the socket is paused.
 */
export class FrameHub {
  private subscribers: SubscriberList<Frame> = noSubscribers;
  private backlog: Backlog | undefined = newBacklog();
  /** The number of the connection whose frames arrive now (1 for the first socket that opened). */
  private connection = 0;
  /** The number of the connection of the frame being delivered: what `frameConnection` reports. */
  delivering = 0;
  /** Whether a flush is scheduled, running, and the stream has ended: three flags in one field (idle memory counts). */
  private flags = 0;
  /** Made on first need: an idle connection with a subscriber never needs it (idle memory counts). */
  private madePressure: Pressure | undefined;

  /** Made on first need: a server's connection whose frames go to a `SerialConsumer` never needs it. */
  private madeStream: LiveStream<Frame> | undefined;

  constructor(
    /** Told of the pressure, and asked for its water marks: one field rather than two (idle memory counts). */
    private readonly owner: HubOwner,
  ) {}

  /** The frames as a stream: subscribers and `for await` loops. */
  get stream(): LiveStream<Frame> {
    return (this.madeStream ??= new FrameStream(this));
  }

  private get flushScheduled(): boolean {
    return (this.flags & flushScheduledFlag) !== 0;
  }

  private set flushScheduled(on: boolean) {
    this.setFlag(flushScheduledFlag, on);
  }

  private get flushing(): boolean {
    return (this.flags & flushingFlag) !== 0;
  }

  private set flushing(on: boolean) {
    this.setFlag(flushingFlag, on);
  }

  private get ended(): boolean {
    return (this.flags & endedFlag) !== 0;
  }

  private set ended(on: boolean) {
    this.setFlag(endedFlag, on);
  }

  private setFlag(flag: number, on: boolean): void {
    this.flags = on ? this.flags | flag : this.flags & ~flag;
  }

  /** The receive pressure of this connection: the backlog and every `for await` consumer report to it. */
  get pressure(): Pressure {
    return (this.madePressure ??= new Pressure(this.owner.receiveMarks, this.owner));
  }

  /** Whether a buffer of this connection is over its high water mark. */
  get paused(): boolean {
    return this.madePressure?.paused === true;
  }

  /** A subscription to `stream`: its teardown releases the subscriber. */
  subscribe(subscriber: Subscriber<Frame>): TeardownLogic {
    return this.consume(subscriber) ? new Membership(this, subscriber) : undefined;
  }

  /**
   * Delivers the frames to `sink` from now on, the backlog first, as a subscription to `stream` does, without an
   * rxjs subscriber or a teardown closure: what a `SerialConsumer` uses. False (and `sink` completed) when the stream
   * has ended.
   */
  consume(sink: Sink<Frame>): boolean {
    if (this.ended && this.backlog === undefined) {
      sink.complete();
      return false;
    }
    this.subscribers = withSubscriber(this.subscribers, sink);
    this.scheduleFlush();
    return true;
  }

  /** Stops delivering to `sink`; frames that come while nobody listens wait in the backlog again. */
  release(sink: Sink<Frame>): void {
    this.subscribers = withoutSubscriber(this.subscribers, sink);
    if (subscriberCount(this.subscribers) === 0 && (!this.ended || this.flushing)) this.backlog ??= newBacklog();
  }

  /** A new socket has opened: the frames from now on are of the next connection. */
  connectionOpened(): void {
    this.connection += 1;
  }

  emit(frame: Frame): void {
    if (this.backlog === undefined) {
      this.delivering = this.connection;
      return deliver(this.subscribers, frame);
    }
    const backlog = this.backlog;
    backlog.frames.push(frame);
    backlog.connections.push(this.connection);
    backlog.bytes += frameBytes(frame);
    this.pressure.update(this, backlog.frames.length, backlog.bytes);
  }

  /** Ends the stream after the frames already emitted (the close frame last). */
  complete(): void {
    this.ended = true;
    if (this.backlog === undefined) this.completeSubscribers();
  }

  private completeSubscribers(): void {
    const list = this.subscribers;
    this.subscribers = noSubscribers;
    completeAll(list);
  }

  private scheduleFlush(): void {
    if (this.backlog === undefined || this.flushScheduled) return;
    this.flushScheduled = true;
    // A microtask, so that every subscriber that subscribes in the same turn as the first gets the backlog.
    queueMicrotask(() => {
      this.flushScheduled = false;
      const backlog = this.backlog;
      if (backlog === undefined || subscriberCount(this.subscribers) === 0) return;
      const { frames, connections } = backlog;
      this.backlog = undefined;
      this.madePressure?.update(this, 0, 0);
      this.flushing = true;
      try {
        for (let i = 0; i < frames.length; i += 1) {
          // Everyone left during the flush (a take(1), say), and a new backlog has begun: what is left of the old one
          // goes back in front of it, for the next subscribers. No frame is delivered to nobody.
          if (this.backlog !== undefined) return this.keep(frames.slice(i), connections.slice(i));
          this.delivering = connections[i] as number;
          deliver(this.subscribers, frames[i] as Frame);
        }
      } finally {
        this.flushing = false;
      }
      if (this.ended && this.backlog === undefined) this.completeSubscribers();
    });
  }

  private keep(frames: Frame[], connections: number[]): void {
    const backlog = (this.backlog ??= newBacklog());
    backlog.frames.unshift(...frames);
    backlog.connections.unshift(...connections);
    for (const frame of frames) backlog.bytes += frameBytes(frame);
    this.pressure.update(this, backlog.frames.length, backlog.bytes);
    if (subscriberCount(this.subscribers) > 0) this.scheduleFlush();
  }
}
