import type { CloseInfo, Frame, WebSocketClientError } from '@aws/client';
import { checkFrame } from './check-frame.js';
import { Heartbeat } from './heartbeat.js';
import type { QueueBounds, ResolvedHeartbeat } from './resolve-settings.js';
import type { DataFrame, QueuedSend, SendQueue } from './send-queue.js';
import type { Handshake, SocketEvents, TransportSocket } from './transport.js';

const ignoreDone = (): void => {};

/** What a session tells the supervisor that owns it; each call names the session, so a stale one is ignored. */
export interface SessionOwner {
  sessionOpened(session: Session, handshake: Handshake): void;
  sessionReceived(session: Session, frame: Exclude<Frame, { type: 'close' }>): void;
  sessionWrote(session: Session): void;
  sessionEnded(session: Session, code: number, reason: string): void;
  heartbeatFailed(session: Session, silentFor: number): void;
}

/**
 * One socket of a connection, from the attempt to open it to its end: the socket, its handshake deadline, its
 * heartbeat, the writes handed to it and how it failed. It is discarded whole when the socket ends, so nothing of it
 * (a timer, a listener, a flag) can act on the next socket.
 */
export class Session implements SocketEvents {
  socket: TransportSocket | undefined;
  /** Why the opening failed, first reason wins. */
  openingError: WebSocketClientError | undefined;
  /** How the socket failed once open (a protocol violation, a limit): what to report instead of a bare 1006. */
  failure: CloseInfo | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: Heartbeat | undefined;
  /** Writes handed to the socket and not yet confirmed, in the order they were written. */
  private inflight: QueuedSend[] | undefined;
  private inflightHead = 0;
  private over = false;
  /** The completion of every shared write, made once per session on first use. */
  private sharedDone: ((error?: Error | null) => void) | undefined;

  constructor(private readonly owner: SessionOwner) {}

  get isOver(): boolean {
    return this.over;
  }

  /** Starts the handshake deadline; `onTimeout` runs once when it passes first. */
  startDeadline(milliseconds: number, onTimeout: () => void): void {
    this.deadline = setTimeout(onTimeout, milliseconds);
  }

  startHeartbeat(options: ResolvedHeartbeat | undefined, paused: boolean): void {
    const socket = this.socket;
    if (options === undefined || socket === undefined) return;
    const ping = options.ping;
    // A transport without ping frames (the web's) refuses a ping-frame heartbeat at open, so this never skips one
    // that was asked for.
    if (ping === undefined && socket.ping === undefined) return;
    this.heartbeat = new Heartbeat(
      options.interval,
      options.timeout,
      ping === undefined ? () => socket.ping?.() : () => this.sendPingMessage(socket, ping),
      (silentFor) => this.owner.heartbeatFailed(this, silentFor),
      options.isPong,
    );
    if (!paused || socket.readsWhilePaused === true) this.heartbeat.start();
  }

  /** The ping of an application-level heartbeat: a data message the user makes, written ahead of the send queue. A
   * `ping` that throws or makes something else than a message fails the connection with 1011, saying why. */
  private sendPingMessage(socket: TransportSocket, ping: () => Frame): void {
    let frame: Frame | undefined;
    let problem: string | undefined;
    try {
      frame = ping();
      problem = frame?.type === 'message' ? checkFrame(frame)?.message : 'it must return a text or binary message';
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem === undefined) return socket.write(frame as DataFrame, ignoreDone);
    this.heartbeat?.stop();
    this.failed({ code: 1011, reason: `heartbeat.ping failed: ${problem}`.slice(0, 120) });
    socket.terminate();
  }

  /** Checks the pong deadline now (a suspended process notices at its first send); true when found dead. */
  checkHeartbeat(): boolean {
    return this.heartbeat?.check() === true;
  }

  /** The socket was paused on purpose or resumed: liveness is not judged while its pongs cannot be read. */
  setPaused(paused: boolean): void {
    if (paused) this.socket?.pause?.();
    else this.socket?.resume?.();
    // A socket that reads on while paused still hears the heartbeat's answers: liveness stays judged.
    if (this.heartbeat === undefined || this.socket?.readsWhilePaused === true) return;
    if (paused) this.heartbeat.suspend();
    else this.heartbeat.start();
  }

  /** Starts the closing handshake: no more heartbeat, and reading again, since the peer's answer must be read. */
  close(code: number, reason: string): void {
    this.heartbeat?.stop();
    this.socket?.resume?.();
    this.socket?.close(code, reason);
  }

  /** Whether a send may be written at once: nothing waits before it and the socket is under its high mark. */
  canWriteNow(queue: SendQueue | undefined, bounds: QueueBounds): boolean {
    return (queue?.isEmpty ?? true) && (this.socket?.bufferedAmount ?? 0) < bounds.highWaterMark;
  }

  /** After a confirmed write: whether the queue should be written again, the socket being back under its low mark. */
  shouldDrain(queue: SendQueue | undefined, bounds: QueueBounds): boolean {
    return queue !== undefined && !queue.isEmpty && (this.socket?.bufferedAmount ?? 0) <= bounds.lowWaterMark;
  }

  /** Writes queued sends, in order, while the owner still writes to this socket and it stays under its high mark. */
  drain(queue: SendQueue | undefined, bounds: QueueBounds, writable: () => boolean): void {
    while (queue !== undefined && writable() && (this.socket?.bufferedAmount ?? 0) < bounds.highWaterMark) {
      const item = queue.shift();
      if (item === undefined) return;
      this.write(item);
    }
  }

  write(item: QueuedSend): void {
    (this.inflight ??= []).push(item);
    (this.socket as TransportSocket).write(item.frame, (error) => this.written(item, error));
  }

  /** Writes a frame nobody awaits (a publish's): no promise, no entry in flight. Only a write into a socket that is
   * filling up (`watch`) asks to be told when it is done, which is what drains the queue later; the others cost the
   * transport no callback. */
  writeShared(frame: DataFrame, watch: boolean): void {
    const socket = this.socket as TransportSocket;
    const done = watch ? this.watchedDone() : undefined;
    if (socket.writeShared !== undefined) socket.writeShared(frame, done);
    else socket.write(frame, done ?? ignoreDone);
  }

  /** Writes a frame nobody awaits and that this socket alone writes (a `post`'s), as `writeShared` does but through
   * the plain write: a shared write would encode it for other sockets that do not exist. Not kept in flight, so a
   * socket that dies before it is written does not hand it back. */
  writeUnawaited(frame: DataFrame, watch: boolean): void {
    (this.socket as TransportSocket).write(frame, watch ? this.watchedDone() : ignoreDone);
  }

  /** The completion of every unawaited write that is watched, made once per session on first use. */
  private watchedDone(): (error?: Error | null) => void {
    return (this.sharedDone ??= (error) => {
      if (!this.over && (error === undefined || error === null)) this.owner.sessionWrote(this);
    });
  }

  /** Ends the session: every timer stops, and the writes not confirmed are handed back in the order written. */
  end(): QueuedSend[] {
    this.over = true;
    if (this.deadline !== undefined) clearTimeout(this.deadline);
    this.deadline = undefined;
    this.heartbeat?.stop();
    this.heartbeat = undefined;
    const unwritten = this.inflight?.slice(this.inflightHead) ?? [];
    this.inflight = undefined;
    return unwritten;
  }

  // SocketEvents: what the transport reports.

  opened(handshake: Handshake): void {
    if (this.deadline !== undefined) clearTimeout(this.deadline);
    this.deadline = undefined;
    this.owner.sessionOpened(this, handshake);
  }

  received(frame: Exclude<Frame, { type: 'close' }>): void {
    this.hear(frame);
    this.owner.sessionReceived(this, frame);
  }

  dropped(frame: Exclude<Frame, { type: 'close' }>): void {
    this.hear(frame);
  }

  /** A pong, or the answer an application-level heartbeat recognises: the peer is alive. */
  private hear(frame: Exclude<Frame, { type: 'close' }>): void {
    if (frame.type === 'pong') this.heartbeat?.pong();
    else if (frame.type === 'message' && this.heartbeat?.isPong !== undefined && recognised(this.heartbeat.isPong, frame)) {
      this.heartbeat.pong();
    }
  }

  openingFailed(error: WebSocketClientError): void {
    this.openingError ??= error;
  }

  failed(close: CloseInfo): void {
    this.failure ??= close;
  }

  ended(code: number, reason: string): void {
    this.owner.sessionEnded(this, code, reason);
  }

  private written(item: QueuedSend, error: Error | null | undefined): void {
    // An ended session has handed its unconfirmed writes back already (to be written again, or rejected).
    if (this.over) return;
    // A failed write is left in flight: the socket is dying, and its end decides what becomes of the write.
    if (error !== undefined && error !== null) return;
    this.confirm(item);
    item.resolve();
    this.owner.sessionWrote(this);
  }

  private confirm(item: QueuedSend): void {
    const inflight = this.inflight as QueuedSend[];
    if (inflight[this.inflightHead] === item) this.inflightHead += 1;
    else inflight.splice(inflight.indexOf(item), 1);
    if (this.inflightHead === inflight.length) {
      inflight.length = 0;
      this.inflightHead = 0;
    } else if (this.inflightHead > 1024 && this.inflightHead * 2 > inflight.length) {
      inflight.splice(0, this.inflightHead);
      this.inflightHead = 0;
    }
  }
}

/** A user's `isPong` that throws does not break the receive path: the frame is then not a pong. */
function recognised(isPong: (frame: Frame) => boolean, frame: Frame): boolean {
  try {
    return isPong(frame) === true;
  } catch {
    return false;
  }
}
