/** How much of each scenario a run does: the full run for the report, or `--quick` to check that everything works. */
export interface BenchConfig {
  readonly quick: boolean;
  readonly throughput: {
    readonly sizes: readonly number[];
    /** Each round takes one window of every client. */
    readonly rounds: number;
    /** How long each client reads before its first window, once per size. */
    readonly warmupMs: number;
    /** Between thawing a client and the start of its window. */
    readonly settleMs: number;
    readonly windowMs: number;
  };
  readonly roundTrip: {
    readonly size: number;
    /** Each round runs one batch of `count` round trips per client. */
    readonly rounds: number;
    readonly count: number;
    /** Untimed round trips per client first. */
    readonly warmup: number;
    /** Untimed round trips at the start of every batch. */
    readonly batchWarmup: number;
  };
  readonly idle: {
    readonly connections: number;
    readonly repetitions: number;
    /** Wait after the last connection opened, before the reading. */
    readonly settleMs: number;
  };
  readonly slowConsumer: {
    readonly size: number;
    /** Messages a second the server sends; the consumer takes a hundredth of that. */
    readonly serverRate: number;
    readonly slowdown: number;
    readonly durationMs: number;
    readonly sampleMs: number;
    readonly repetitions: number;
    /** The live client's receive buffer: its high-water mark in bytes is what the target adds 32 MiB to. */
    readonly receiveBuffer: { readonly messages: number; readonly bytes: number };
  };
  /** The server benchmark: the project's server against raw `ws`, each in its own process, load from others. */
  readonly server: {
    /** Load-generator processes; more are started when the open-file limit needs them for the connection counts. */
    readonly loadProcesses: number;
    readonly echo: {
      readonly sizes: readonly number[];
      /** Connections the load opens to each server, each with its own window of messages in flight. */
      readonly connections: number;
      /** Each round takes one window of every server. */
      readonly rounds: number;
      /** Load on each server before its first window, once per size. */
      readonly warmupMs: number;
      /** Between starting the load and the start of the window. */
      readonly settleMs: number;
      readonly windowMs: number;
      /** The load writes its messages in blocks of about this many bytes... */
      readonly blockBytes: number;
      /** ...and keeps at most this many bytes of them unanswered per connection. */
      readonly windowBytes: number;
    };
    readonly roundTrip: {
      readonly size: number;
      readonly rounds: number;
      readonly count: number;
      readonly warmup: number;
      readonly batchWarmup: number;
    };
    readonly broadcast: {
      readonly size: number;
      /** A run per count: every server has that many connections open when its broadcasts are timed. */
      readonly connections: readonly number[];
      /** Each round times one broadcast of every server. */
      readonly rounds: number;
      /** Untimed broadcasts of every server first. */
      readonly warmup: number;
      /** Pause after each broadcast. */
      readonly gapMs: number;
    };
    readonly idle: {
      readonly connections: number;
      readonly repetitions: number;
      /** Wait after the last connection opened, before the reading. */
      readonly settleMs: number;
    };
  };
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const fullConfig: BenchConfig = {
  quick: false,
  throughput: { sizes: [64, KiB, 16 * KiB, MiB], rounds: 15, warmupMs: 400, settleMs: 20, windowMs: 150 },
  roundTrip: { size: 64, rounds: 40, count: 1000, warmup: 2000, batchWarmup: 50 },
  idle: { connections: 10_000, repetitions: 3, settleMs: 500 },
  slowConsumer: {
    size: KiB,
    serverRate: 20_000,
    slowdown: 100,
    durationMs: 5000,
    sampleMs: 100,
    repetitions: 3,
    receiveBuffer: { messages: 4096, bytes: 4 * MiB },
  },
  server: {
    loadProcesses: 2,
    echo: {
      sizes: [64, 16 * KiB],
      connections: 4,
      rounds: 20,
      warmupMs: 400,
      settleMs: 30,
      windowMs: 200,
      blockBytes: 16 * KiB,
      windowBytes: 64 * KiB,
    },
    roundTrip: { size: 64, rounds: 40, count: 1000, warmup: 2000, batchWarmup: 50 },
    broadcast: { size: KiB, connections: [1_000, 10_000], rounds: 20, warmup: 3, gapMs: 50 },
    idle: { connections: 10_000, repetitions: 3, settleMs: 500 },
  },
};

export const quickConfig: BenchConfig = {
  quick: true,
  throughput: { ...fullConfig.throughput, rounds: 2, warmupMs: 50, windowMs: 40 },
  roundTrip: { ...fullConfig.roundTrip, rounds: 2, count: 100, warmup: 50, batchWarmup: 10 },
  idle: { connections: 200, repetitions: 1, settleMs: 100 },
  slowConsumer: { ...fullConfig.slowConsumer, durationMs: 600, repetitions: 1 },
  server: {
    ...fullConfig.server,
    echo: { ...fullConfig.server.echo, rounds: 2, warmupMs: 50, settleMs: 20, windowMs: 40 },
    roundTrip: { ...fullConfig.server.roundTrip, rounds: 2, count: 100, warmup: 50, batchWarmup: 10 },
    broadcast: { ...fullConfig.server.broadcast, connections: [200], rounds: 3, warmup: 1, gapMs: 10 },
    idle: { connections: 200, repetitions: 1, settleMs: 100 },
  },
};
