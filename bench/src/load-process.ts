/**
 * A load-generator process of the server benchmark: it holds groups of connections (made with the hand-written
 * client of `server-side/frame-client.ts`) to the servers under test and drives them as the orchestrator asks over IPC, one task
 * at a time. It is a process of its own, so the CPU and memory of each server process are the server's alone, and a
 * load process never holds more connections than its open-file limit allows (the orchestrator spreads them).
 */
import type { Socket } from 'node:net';
import { tickJson } from './payload.js';
import { withTimeout } from './timing.js';
import { FrameCounter, maskedFrame, Opcode, openSocket, tickFrames } from './server-side/frame-client.js';

export type LoadTask =
  /** Opens `count` more connections to `port` `path`, `batch` at a time; stops at the first refusal. */
  | {
      readonly task: 'open';
      readonly group: string;
      readonly port: number;
      readonly path: string;
      readonly count: number;
      readonly batch: number;
    }
  /** Ends every connection of the group at once (TCP reset): the servers see drops. */
  | { readonly task: 'close'; readonly group: string }
  | {
      readonly task: 'echo.start';
      readonly group: string;
      readonly size: number;
      readonly blockBytes: number;
      readonly windowBytes: number;
    }
  | { readonly task: 'echo.read'; readonly group: string }
  | { readonly task: 'echo.stop'; readonly group: string }
  | { readonly task: 'rt.batch'; readonly group: string; readonly size: number; readonly warmup: number; readonly count: number }
  /** Answers `{}` at once, then `{ doneNs }` once every connection of the group has received `bytes` more bytes. */
  | { readonly task: 'bcast.arm'; readonly group: string; readonly bytes: number };

export interface OpenResult {
  readonly opened: number;
  readonly failure?: string;
}

export interface EchoReading {
  /** Echoed frames received so far on the group. */
  readonly frames: number;
  readonly ms: number;
  /** User + system CPU time of this load process so far: the report checks that the load was not the bottleneck. */
  readonly cpuMicros: number;
}

const cpuNow = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

export interface BroadcastDone {
  /** `process.hrtime` (CLOCK_MONOTONIC, the same clock in every process of the machine) when the last one had it. */
  readonly doneNs: number;
  /** Connections that received more than armed for: would mean other traffic, and a wrong timing. */
  readonly overshoot: number;
}

/** One connection: its bytes and frames counted; `listener` runs after every chunk. */
class LoadConnection {
  readonly counter = new FrameCounter();
  bytes = 0;
  countFrames = true;
  listener: (() => void) | undefined;

  constructor(
    readonly socket: Socket,
    rest: Buffer,
  ) {
    socket.on('data', (chunk: Buffer) => this.take(chunk));
    // A server that goes away mid-run ends the process's part of it, not the process.
    socket.on('error', () => socket.destroy());
    if (rest.length > 0) this.take(rest);
  }

  private take(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.countFrames) this.counter.push(chunk);
    this.listener?.();
  }
}

const groups = new Map<string, LoadConnection[]>();
const groupOf = (name: string): LoadConnection[] => {
  const group = groups.get(name);
  if (group === undefined) throw new Error(`no connection group ${name}`);
  return group;
};

async function open(task: Extract<LoadTask, { task: 'open' }>): Promise<OpenResult> {
  let group = groups.get(task.group);
  if (group === undefined) groups.set(task.group, (group = []));
  const target = group.length + task.count;
  while (group.length < target) {
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(task.batch, target - group.length) }, () => openSocket(task.port, task.path)),
    );
    for (const result of results) if (result.status === 'fulfilled') group.push(new LoadConnection(result.value.socket, result.value.rest));
    const refused = results.find((result) => result.status === 'rejected');
    if (refused !== undefined) return { opened: group.length, failure: String(refused.reason) };
  }
  return { opened: group.length };
}

async function close(name: string): Promise<object> {
  const group = groups.get(name) ?? [];
  groups.delete(name);
  for (const connection of group) {
    connection.listener = undefined;
    connection.socket.resetAndDestroy();
  }
  return {};
}

/**
 * Echo throughput: every connection keeps up to `windowBytes` of messages in flight, written in blocks of about
 * `blockBytes` built once; a new block goes out as soon as the echoes leave room for it. The window bounds what a
 * server may queue, so both servers are measured at the same pressure and neither buffers without limit.
 */
interface Pump {
  stopped: boolean;
  readonly drained: Promise<void>;
}
const pumps = new Map<string, Pump[]>();

function startPump(connection: LoadConnection, size: number, blockBytes: number, windowBytes: number): Pump {
  const perBlock = Math.max(1, Math.floor(blockBytes / size));
  const window = Math.max(2 * perBlock, Math.floor(windowBytes / size));
  const block = tickFrames(size, perBlock);
  let sent = connection.counter.frames;
  let resolveDrained = (): void => {};
  const pump: Pump = { stopped: false, drained: new Promise<void>((resolve) => (resolveDrained = resolve)) };
  const fill = (): void => {
    while (!pump.stopped && sent - connection.counter.frames + perBlock <= window) {
      connection.socket.write(block);
      sent += perBlock;
    }
    if (pump.stopped && connection.counter.frames >= sent) {
      connection.listener = undefined;
      resolveDrained();
    }
  };
  connection.countFrames = true;
  connection.listener = fill;
  fill();
  return pump;
}

async function echo(task: Extract<LoadTask, { task: 'echo.start' | 'echo.read' | 'echo.stop' }>): Promise<object> {
  const group = groupOf(task.group);
  switch (task.task) {
    case 'echo.start':
      if (pumps.has(task.group)) throw new Error(`${task.group} is pumping already`);
      pumps.set(
        task.group,
        group.map((connection) => startPump(connection, task.size, task.blockBytes, task.windowBytes)),
      );
      return {};
    case 'echo.read':
      return {
        frames: group.reduce((sum, connection) => sum + connection.counter.frames, 0),
        ms: performance.now(),
        cpuMicros: cpuNow(),
      } satisfies EchoReading;
    case 'echo.stop': {
      const running = pumps.get(task.group) ?? [];
      pumps.delete(task.group);
      for (const pump of running) pump.stopped = true;
      // A listener call makes the check for connections whose last echo came in before the stop.
      for (const connection of group) connection.listener?.();
      await withTimeout(
        Promise.all(running.map((pump) => pump.drained)),
        10_000,
        `${task.group}: echoes still missing 10 s after the stop`,
      );
      return {};
    }
  }
}

/** Round trip: one message at a time on the group's first connection, timed from write to the complete echo. */
async function roundTrips(task: Extract<LoadTask, { task: 'rt.batch' }>): Promise<{ micros: number[] }> {
  const connection = groupOf(task.group)[0];
  if (connection === undefined) throw new Error(`${task.group} is empty`);
  const frame = maskedFrame(Opcode.text, Buffer.from(tickJson(1, task.size)));
  connection.countFrames = true;
  let waiting: { readonly target: number; readonly resolve: () => void } | undefined;
  connection.listener = () => {
    if (waiting !== undefined && connection.counter.frames >= waiting.target) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve();
    }
  };
  const once = (): Promise<void> =>
    new Promise<void>((resolve) => {
      waiting = { target: connection.counter.frames + 1, resolve };
      connection.socket.write(frame);
    });
  for (let i = 0; i < task.warmup; i += 1) await once();
  const micros = new Float64Array(task.count);
  for (let i = 0; i < task.count; i += 1) {
    const start = process.hrtime.bigint();
    await once();
    micros[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  connection.listener = undefined;
  return { micros: [...micros] };
}

/** Broadcast: counts bytes only (every broadcast frame has the same size, nothing else flows on these connections). */
function arm(task: Extract<LoadTask, { task: 'bcast.arm' }>): object {
  const group = groupOf(task.group);
  const targets = group.map((connection) => connection.bytes + task.bytes);
  let remaining = group.length;
  const finish = (): void => {
    const doneNs = Number(process.hrtime.bigint());
    const overshoot = group.filter((connection, index) => connection.bytes > (targets[index] as number)).length;
    for (const connection of group) connection.listener = undefined;
    // After the `{}` of this task, which the orchestrator reads first.
    setImmediate(() => process.send?.({ doneNs, overshoot } satisfies BroadcastDone));
  };
  group.forEach((connection, index) => {
    const target = targets[index] as number;
    connection.countFrames = false;
    let reached = false;
    connection.listener = () => {
      if (reached || connection.bytes < target) return;
      reached = true;
      remaining -= 1;
      if (remaining === 0) finish();
    };
  });
  if (remaining === 0) finish();
  return {};
}

async function perform(task: LoadTask): Promise<unknown> {
  switch (task.task) {
    case 'open':
      return open(task);
    case 'close':
      return close(task.group);
    case 'echo.start':
    case 'echo.read':
    case 'echo.stop':
      return echo(task);
    case 'rt.batch':
      return roundTrips(task);
    case 'bcast.arm':
      return arm(task);
  }
}

process.on('message', (task: LoadTask) => {
  perform(task).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
