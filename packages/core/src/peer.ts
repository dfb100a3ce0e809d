import { ConnectionClosedError, ID, InvalidFrameError, SendQueueFullError, type CloseInfo, type Frame } from '@aws/client';
import { checkFrame } from './check-frame.js';
import { frameBytes } from './frame-bytes.js';
import { FrameHub } from './frame-hub.js';
import type { PressureListener, WaterMarks } from './pressure.js';
import type { QueueBounds, ResolvedHeartbeat } from './resolve-settings.js';
import { SendQueue, type DataFrame } from './send-queue.js';
import { Session, type SessionOwner } from './session.js';
import type { Handshake, TransportSocket } from './transport.js';

/** The per-connection settings of a peer, every default filled in. */
export interface PeerSettings {
  readonly heartbeat: ResolvedHeartbeat | undefined;
  /** Close with 1001 after this many ms without any frame; undefined for never. */
  readonly readTimeout: number | undefined;
  readonly sendQueue: QueueBounds;
  /** What a full send queue does: the queue's own policy, or close the connection with 1008. */
  readonly closeWhenFull: boolean;
  readonly receiveBuffer: WaterMarks;
}

/** What became of one send offered to a peer, for a publish that must report it. */
export type Offered = 'delivered' | 'skipped' | 'closed';

type PeerState =
  | { readonly phase: 'open' }
  | { readonly phase: 'closing'; readonly requested: CloseInfo | undefined; readonly dropped: boolean }
  | { readonly phase: 'closed'; readonly outcome: CloseInfo };

/** Who is told once a peer has ended, before anyone awaiting `closed` hears of it: a server's connection, which
 * leaves its server then. An object rather than a `closed.then` per peer (idle memory counts). */
interface PeerEndListener {
  peerEnded(close: CloseInfo): void;
}

const openState: PeerState = { phase: 'open' };

/** What only some peers need: a read timeout, a forced end, a fragmented send, someone awaiting `closed`. One object
 * made on first need rather than seven fields on every peer (idle memory counts). */
interface PeerExtras {
  lastReceivedAt: number;
  readTimer: ReturnType<typeof setInterval> | undefined;
  forceTimer: ReturnType<typeof setTimeout> | undefined;
  /** While a message is being sent as fragments: other data messages wait in the queue until it is done. */
  fragmenting: Promise<void> | undefined;
  /** Called once the send queue has been written out (or the peer has ended), for a fragmented send that waits. */
  emptied: (() => void) | undefined;
  closedPromise: Promise<CloseInfo> | undefined;
  resolveClosed: ((close: CloseInfo) => void) | undefined;
}

/** How long a client too slow for its send queue gets to take the close frame before its TCP connection is ended. */
const slowClientGrace = 1_000;

const ignore = (): void => {};

/**
 * One socket that is already open, as a server accepts it: the client's per-socket machinery (a session
 * with its heartbeat and unconfirmed writes, the frame hub with its backlog and receive pressure, the bounded send
 * queue) without reconnection. It ends once, and `closed` says how: the peer's code, 1005 without one, 1006 for a
 * drop or a dead connection, the RFC code when the peer broke the protocol.
 *
 * @example
 * ```ts
 * const peer = new Peer(ID(), settings.peer)
 * peer.start(adoptWebSocket(ws, peer.events))
 * await peer.send(Frame.text('welcome'))
 * ```
 */
export class Peer implements SessionOwner, PressureListener {
  // One state object shared by every open peer (idle memory counts).
  private state: PeerState = openState;
  private readonly session: Session;
  private queue: SendQueue | undefined;
  private more: PeerExtras | undefined;
  private endListener: PeerEndListener | undefined;
  /** The id, or undefined until first read when none was given. */
  private givenId: ID | undefined;
  private readonly settings: PeerSettings;
  readonly frames: FrameHub;

  /** `id` undefined makes a fresh random one on first read: most connections of a server never have theirs read, and
   * each id is a 36-character string for as long as the connection lasts (idle memory counts). */
  constructor(id: ID | undefined, settings: PeerSettings) {
    this.givenId = id;
    this.settings = settings;
    this.session = new Session(this);
    this.frames = new FrameHub(this);
    this.frames.connectionOpened();
  }

  /** The water marks of the receive buffers. */
  get receiveMarks(): WaterMarks {
    return this.settings.receiveBuffer;
  }

  /** The connection's id. */
  get id(): ID {
    return (this.givenId ??= ID());
  }

  private get extras(): PeerExtras {
    return (this.more ??= {
      lastReceivedAt: 0,
      readTimer: undefined,
      forceTimer: undefined,
      fragmenting: undefined,
      emptied: undefined,
      closedPromise: undefined,
      resolveClosed: undefined,
    });
  }

  /** Resolves once the peer has ended, with how. */
  get closed(): Promise<CloseInfo> {
    const extras = this.extras;
    if (extras.closedPromise === undefined) {
      const state = this.state;
      extras.closedPromise =
        state.phase === 'closed' ? Promise.resolve(state.outcome) : new Promise((resolve) => (extras.resolveClosed = resolve));
    }
    return extras.closedPromise;
  }

  /** Tells `listener` once the peer has ended (at once, in a microtask, if it has already). */
  onEnded(listener: PeerEndListener): void {
    this.endListener = listener;
    const state = this.state;
    if (state.phase === 'closed') queueMicrotask(() => listener.peerEnded(state.outcome));
  }

  /** The events the transport reports go to the peer's session. */
  get events(): Session {
    return this.session;
  }

  /** The receive buffers went over (or back under) their water marks: only an open socket is paused. */
  pressureChanged(paused: boolean): void {
    if (this.state.phase === 'open') this.session.setPaused(paused);
  }

  /** Starts the peer on its open socket: heartbeat and read timeout. */
  start(socket: TransportSocket): void {
    this.session.socket = socket;
    this.session.startHeartbeat(this.settings.heartbeat, this.frames.paused);
    const readTimeout = this.settings.readTimeout;
    if (readTimeout === undefined) return;
    const extras = this.extras;
    extras.lastReceivedAt = Date.now();
    // Checked against the clock a few times per timeout rather than a timer reset on every frame.
    extras.readTimer = setInterval(
      () => {
        if (Date.now() - extras.lastReceivedAt >= readTimeout) void this.close(1001, 'read timeout');
      },
      Math.max(10, Math.floor(readTimeout / 4)),
    );
  }

  isOpen(): boolean {
    return this.state.phase === 'open';
  }

  send(frame: Frame): Promise<void> {
    const invalid = checkFrame(frame);
    if (invalid !== undefined) return Promise.reject(invalid);
    if (frame.type === 'close') return Promise.reject(new InvalidFrameError('send a close frame through close()'));
    if (this.state.phase !== 'open') return Promise.reject(new ConnectionClosedError(this.id, `is ${this.state.phase}`));
    if (this.canWriteNow()) {
      const session = this.session;
      return new Promise((resolve, reject) => session.write({ frame, bytes: 0, resolve, reject }));
    }
    const queue = (this.queue ??= new SendQueue(this.id, this.settings.sendQueue));
    if (this.settings.closeWhenFull && !queue.hasRoomFor(frameBytes(frame))) {
      this.closeSlowClient();
      return Promise.reject(new SendQueueFullError(this.id, { messages: queue.bounds.messages, bytes: queue.bounds.bytes }));
    }
    return queue.enqueue(frame);
  }

  /**
   * Sends a frame nobody awaits (the server's `post`): what `send` would reject with at once is thrown, what it would
   * report later reaches nobody (the connection's end is reported by `closed`). Written at once when the socket takes
   * it, with no promise and no closure, queued otherwise, in order with the sends.
   */
  post(frame: Frame): void {
    const invalid = checkFrame(frame);
    if (invalid !== undefined) throw invalid;
    if (frame.type === 'close') throw new InvalidFrameError('close a connection with close(), not post()');
    if (this.state.phase !== 'open') throw new ConnectionClosedError(this.id, `is ${this.state.phase}`);
    if (this.canWriteNow()) {
      // Watched when this write may take the socket past its low mark (UTF-8 is at most 3 bytes per UTF-16 unit):
      // a later send queued behind a full socket then has a completion to drain it.
      const after = (this.session.socket?.bufferedAmount ?? 0) + 3 * frameBytes(frame);
      return this.session.writeUnawaited(frame, after > this.settings.sendQueue.lowWaterMark);
    }
    const queue = (this.queue ??= new SendQueue(this.id, this.settings.sendQueue));
    if (this.settings.closeWhenFull && !queue.hasRoomFor(frameBytes(frame))) {
      this.closeSlowClient();
      throw new SendQueueFullError(this.id, { messages: queue.bounds.messages, bytes: queue.bounds.bytes });
    }
    const refused = queue.post(frame);
    if (refused !== undefined) throw refused;
  }

  /**
   * Sends one data message as fragments (Perfect's `final` flag), so a large message is streamed without being held
   * whole: each part is written once the previous one is, and every other data message waits until the last part is
   * out (a message may not start inside another). An empty source sends an empty message.
   */
  async sendFragments(parts: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>, binary: boolean): Promise<void> {
    const socket = this.session.socket;
    if (this.state.phase !== 'open' || socket === undefined) throw new ConnectionClosedError(this.id, `is ${this.state.phase}`);
    if (socket.writeFragment === undefined) throw new InvalidFrameError('this transport cannot send fragments');
    const extras = this.extras;
    while (extras.fragmenting !== undefined) await extras.fragmenting;
    // What was sent before goes out before: wait until the queue is written.
    while (this.state.phase === 'open' && !(this.queue?.isEmpty ?? true)) await new Promise<void>((resolve) => (extras.emptied = resolve));
    let release!: () => void;
    extras.fragmenting = new Promise((resolve) => (release = resolve));
    try {
      let previous: string | Uint8Array | undefined;
      for await (const part of parts) {
        if (previous !== undefined) await this.writeFragment(previous, binary, false);
        previous = part;
      }
      await this.writeFragment(previous ?? (binary ? new Uint8Array(0) : ''), binary, true);
    } finally {
      extras.fragmenting = undefined;
      release();
      this.drain();
    }
  }

  private writeFragment(data: string | Uint8Array, binary: boolean, final: boolean): Promise<void> {
    const socket = this.session.socket;
    if (this.state.phase !== 'open' || socket?.writeFragment === undefined)
      return Promise.reject(new ConnectionClosedError(this.id, `is ${this.state.phase}`));
    if (typeof data !== 'string' && !(data instanceof Uint8Array))
      return Promise.reject(new InvalidFrameError('a fragment is a string or a Uint8Array'));
    return new Promise((resolve, reject) =>
      socket.writeFragment?.(data, binary, final, (error) =>
        error === undefined || error === null ? resolve() : reject(new ConnectionClosedError(this.id, error.message)),
      ),
    );
  }

  /** Sends a frame, checked by the caller, and says at once what became of it, for a publish's report. No promise:
   * a send that fails later (the connection ended) is the connection's end, reported by `closed`. Written at once
   * when the socket takes it (encoded once for every recipient by a transport that can), queued otherwise. */
  offer(frame: DataFrame): Offered {
    if (this.state.phase !== 'open') return 'skipped';
    if (this.canWriteNow()) {
      // Watched when this write may take the socket past its low mark (UTF-8 is at most 3 bytes per UTF-16 unit):
      // a later send queued behind a full socket then has a completion to drain it.
      const after = (this.session.socket?.bufferedAmount ?? 0) + 3 * frameBytes(frame);
      this.session.writeShared(frame, after > this.settings.sendQueue.lowWaterMark);
      return 'delivered';
    }
    const queue = (this.queue ??= new SendQueue(this.id, this.settings.sendQueue));
    if (!queue.hasRoomFor(frameBytes(frame))) {
      if (!this.settings.closeWhenFull) return 'skipped';
      this.closeSlowClient();
      return 'closed';
    }
    queue.enqueue(frame).catch(ignore);
    return 'delivered';
  }

  /** The closing handshake; resolves when the connection has ended, reporting the code we sent. With `grace`, a peer
   * that has not finished the handshake by then has its TCP connection ended. */
  close(code: number, reason: string, grace?: number): Promise<CloseInfo> {
    if (this.state.phase === 'open') {
      this.state = { phase: 'closing', requested: { code, reason }, dropped: false };
      this.session.close(code, reason);
      if (grace !== undefined) this.extras.forceTimer = setTimeout(() => this.session.socket?.terminate(), grace);
    }
    return this.closed;
  }

  /** A client that does not read: its close frame may never get through its full TCP window, so it is cut after a
   * short grace, and reported with 1008 all the same. */
  private closeSlowClient(): void {
    void this.close(1008, 'send queue full: the client reads too slowly', slowClientGrace);
  }

  /** Ends the TCP connection at once, sending nothing: 1006 is reported here and never goes on the wire. */
  drop(): Promise<CloseInfo> {
    if (this.state.phase !== 'closed') {
      this.state = { phase: 'closing', requested: undefined, dropped: true };
      this.session.socket?.terminate();
    }
    return this.closed;
  }

  // SessionOwner: what the socket reports.

  sessionOpened(_session: Session, _handshake: Handshake): void {}

  sessionReceived(_session: Session, frame: Exclude<Frame, { type: 'close' }>): void {
    const more = this.more;
    if (more?.readTimer !== undefined) more.lastReceivedAt = Date.now();
    if (this.state.phase !== 'closed') this.frames.emit(frame);
  }

  sessionWrote(): void {
    if (this.session.shouldDrain(this.queue, this.settings.sendQueue)) this.drain();
    if (this.more?.emptied !== undefined && (this.queue?.isEmpty ?? true)) this.wake();
  }

  private wake(): void {
    const more = this.more;
    if (more === undefined) return;
    const emptied = more.emptied;
    more.emptied = undefined;
    emptied?.();
  }

  heartbeatFailed(): void {
    void this.drop();
  }

  sessionEnded(session: Session, code: number, reason: string): void {
    if (this.state.phase === 'closed') return;
    const state = this.state;
    const asked = state.phase === 'closing' ? state : undefined;
    const outcome =
      asked?.dropped === true
        ? { code: 1006, reason: '' }
        : (asked?.requested ?? (code === 1006 ? session.failure : undefined) ?? { code, reason });
    this.state = { phase: 'closed', outcome };
    const more = this.more;
    if (more?.readTimer !== undefined) clearInterval(more.readTimer);
    if (more?.forceTimer !== undefined) clearTimeout(more.forceTimer);
    const error = new ConnectionClosedError(this.id, 'ended before the frame was written');
    for (const item of session.end()) item.reject(error);
    this.queue?.rejectAll(new ConnectionClosedError(this.id));
    this.frames.emit({ type: 'close', ...outcome });
    this.frames.complete();
    this.wake();
    const listener = this.endListener;
    // Queued before the promise resolves, so the listener runs before anyone awaiting `closed`, as a reaction
    // registered first would.
    if (listener !== undefined) queueMicrotask(() => listener.peerEnded(outcome));
    more?.resolveClosed?.(outcome);
  }

  private canWriteNow(): boolean {
    return this.more?.fragmenting === undefined && this.session.canWriteNow(this.queue, this.settings.sendQueue);
  }

  private drain(): void {
    this.session.drain(this.queue, this.settings.sendQueue, () => this.state.phase === 'open' && this.more?.fragmenting === undefined);
  }
}
