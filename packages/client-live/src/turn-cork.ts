import type { Duplex } from 'node:stream';

/** One clock of turns: the number of the current turn, moved on at the end of every turn that wrote, and the sockets
 * corked during it, uncorked together then. */
class TurnClock {
  turn = 0;
  private ending = false;
  private corked: Duplex[] = [];
  private readonly end = (): void => {
    this.ending = false;
    this.turn += 1;
    const sockets = this.corked;
    this.corked = [];
    for (const socket of sockets) socket.uncork();
  };

  constructor(private readonly schedule: (end: () => void) => void) {}

  /** The current turn, its end scheduled if it was not yet. */
  now(): number {
    if (!this.ending) {
      this.ending = true;
      this.schedule(this.end);
    }
    return this.turn;
  }

  hold(socket: Duplex): void {
    socket.cork();
    this.corked.push(socket);
  }
}

/** A client's turns: a tick. A dialled socket mostly writes one frame per turn (a request, a round trip), and the
 * loop pass a longer turn needs would cost each of them a `setImmediate` and an extra pass of the loop: 4–5% on the
 * client round trip's p50 in the benchmark. */
const tickTurns = new TurnClock((end) => process.nextTick(end));
/** A server's turns: one pass of the event loop, ending in its check phase. */
const passTurns = new TurnClock((end) => setImmediate(end));

/** From this size (bytes, or UTF-16 code units of a text) on, a frame is written at once: see beforeWrite. */
const largeFrame = 4096;

/** What a socket remembers of its writes: the turn of its latest one; and whose turns it keeps. */
export interface TurnWriter {
  lastTurn: number;
  /** An accepted (server) socket: its turns last a pass of the event loop, a dialled one's a tick. */
  readonly accepted: boolean;
}

/**
 * Called before each frame written on `socket`: the first frame of a turn goes out at once, as always; from the second
 * on, the socket is corked until the end of the turn, so that those frames reach the kernel in one `writev` instead
 * of one system call each (and, on loopback or a fast link, one TCP segment each). `ws` corks a frame's header and
 * payload itself; this outer cork spans frames. A server's turn is one pass of the event loop over the I/O that was
 * ready: it ends in the loop's check phase (`setImmediate`), after every read of that pass and the promise jobs they
 * ran. Not at the next `process.nextTick`, as Node's documentation of `writable.cork` suggests, and as a client's
 * turn does: a serial handler (each message's handler awaits its send) writes one frame per write completion, and
 * every completion is a tick of its own, so a tick-long turn never held a second frame of an echo.
 *
 * It pays where one turn writes many small frames (a session's batch of sends, an echo of every message of a read):
 * on the session benchmark's 64 B echo, one TCP segment per message became one per ~200. A socket that writes one
 * frame per turn (a round trip, a broadcast's one frame per socket) is written exactly as before, nothing held, and
 * so is a frame of `largeFrame` bytes or more; nothing is held past the turn that wrote it. The event loop does not
 * wait for I/O while the turn's end is pending, so a held frame waits for the other reads of its pass, never longer.
 */
export function beforeWrite(writer: TurnWriter, socket: Duplex | null | undefined, bytes: number): void {
  // A large frame gains nothing (its system call is spread over its bytes) and a held one is a large writev that
  // may not complete at once, delaying its callback: what is held goes out, and this frame after it, now.
  const clock = writer.accepted ? passTurns : tickTurns;
  if (bytes >= largeFrame) {
    writer.lastTurn = clock.turn;
    return flushTurn(socket);
  }
  const turn = clock.now();
  if (writer.lastTurn !== turn) {
    writer.lastTurn = turn;
    return;
  }
  // writableCorked counts the corks held: ws's own cork around one frame is never open between two calls here.
  if (socket === null || socket === undefined || socket.writableCorked > 0 || socket.destroyed) return;
  clock.hold(socket);
}

/**
 * Whether a frame of `bytes` written to `socket` now stays in this turn's cork with room to spare: the socket is
 * corked for the turn, is not waiting for a drain, and holds no more than its high-water mark with the frame. Such a
 * write can be reported complete before the turn hands it to the kernel (see `WsSocket.writeDirect`): it goes out at
 * the end of this turn, as surely as a write the kernel took goes out, and what a socket holds this way stays under
 * the bound at which Node's own `write` asks its caller to wait.
 */
export function heldWithRoom(socket: Duplex, bytes: number): boolean {
  return socket.writableCorked > 0 && !socket.writableNeedDrain && socket.writableLength + bytes <= socket.writableHighWaterMark;
}

/** Writes what `socket` holds now, before it is destroyed (which would discard it): what was written before a
 * `terminate` reached the kernel before this cork existed, and still does. */
export function flushTurn(socket: Duplex | null | undefined): void {
  while (socket !== null && socket !== undefined && socket.writableCorked > 0) socket.uncork();
}
