import { cpus } from 'node:os';
import type { BenchConfig } from './config.js';
import type { IdleRow } from './scenarios/idle-memory.js';
import type { RoundTripRow } from './scenarios/round-trip.js';
import type { BrokerBroadcastResults } from './scenarios/broker-broadcast.js';
import type { SessionBenchResults } from './scenarios/session.js';
import type { RpcCallResults } from './scenarios/rpc-call.js';
import type { SlowRow } from './scenarios/slow-consumer.js';
import type { ServerResults } from './server-side/run.js';
import type { Summary } from './stats.js';
import type { ThroughputRow } from './scenarios/throughput.js';

/** What one run measured and where, everything the report writers need. */
export interface BenchResults {
  readonly config: BenchConfig;
  readonly machine: Machine;
  /** The packages as sources compiled by tsx, or as their built dist. */
  readonly build: 'source' | 'dist';
  readonly startedAt: string;
  readonly seconds: number;
  /** The machine's 1-minute load average sampled during each scenario run (absent in results of older runs). */
  readonly load?: Readonly<Record<string, Summary>>;
  readonly throughput: readonly ThroughputRow[];
  readonly roundTrip: readonly RoundTripRow[];
  readonly idle: readonly IdleRow[];
  readonly slow: readonly SlowRow[];
  /** The server scenarios of issue 11, when any ran (absent in results of older runs). */
  readonly server?: ServerResults;
  /** Issue 13's typed call against a hand-written one, when it ran. */
  readonly rpcCall?: RpcCallResults;
  /** Issue 15's publish across processes on Redis against the fan-out in one process, when it ran. */
  readonly brokerBroadcast?: BrokerBroadcastResults;
  /** Issue 14's acknowledged sessions against plain connections, when it ran. */
  readonly session?: SessionBenchResults;
  /** With `--compare <ref>`: the commit whose build the `<client>@ref` rows measured. */
  readonly compare?: ComparedRef;
}

export interface ComparedRef {
  /** As given on the command line. */
  readonly ref: string;
  readonly commit: string;
  readonly short: string;
  readonly subject: string;
  /** The working tree's HEAD, and whether its packages had uncommitted changes. */
  readonly workingTree: { readonly head: string; readonly changed: boolean };
}

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  readonly platform: string;
}

export function describeMachine(): Machine {
  const all = cpus();
  return {
    cores: all.length,
    cpu: all[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
