import { rotate } from '../stats.js';

/**
 * What a benchmarked client must do, scenario by scenario. Each adapter does the same application work on every
 * message (decode the JSON, take the `tick` case, read `seq`) in its own idiom, and implements only the scenarios
 * the issue compares it in.
 */

/** Takes the `seq` of every tick received: the benchmark counts and sums them. */
export type Sink = (seq: number) => void;

export interface Session {
  close(): Promise<void>;
}

export interface EchoSession extends Session {
  /** Sends `text` and resolves once its echo is received and decoded. */
  roundTrip(text: string): Promise<void>;
}

export interface ReceiveBuffer {
  readonly messages: number;
  readonly bytes: number;
}

export interface ClientAdapter {
  /** Receive throughput: every message goes to `sink` as soon as the client hands it over. */
  readonly flood?: (url: string, sink: Sink) => Promise<Session>;
  /** Round trip: one request at a time. */
  readonly echo?: (url: string) => Promise<EchoSession>;
  /** Memory of an idle connection: open, with a message handler attached, nothing flowing. */
  readonly idle?: (url: string) => Promise<Session>;
  /** Slow consumer: `consume` is awaited for every message, in order, as an application would. */
  readonly slow?: (url: string, consume: (seq: number) => Promise<void>, receiveBuffer: ReceiveBuffer) => Promise<Session>;
}

/** Every client, in report order; the first is the baseline of every ratio. */
export const clientNames = [
  'ws-json',
  'undici',
  'rxjs-ws',
  'live-frames',
  'live-pipeline',
  'live-pipeline-for-await',
  'live-for-await',
  'web-frames',
] as const;

export type ClientName = (typeof clientNames)[number];

/** How the report names each client. */
export const clientLabels: Readonly<Record<ClientName, string>> = {
  'ws-json': 'ws + JSON.parse (baseline)',
  undici: 'undici WebSocket',
  'rxjs-ws': 'rxjs webSocket (ws)',
  'live-frames': 'live (a) frames, RxJS',
  'live-pipeline': 'live (b) json→case→field, RxJS',
  'live-pipeline-for-await': 'live (c) json→case→field, for await',
  'live-for-await': 'live (c′) frames, for await',
  'web-frames': 'web (a) frames on undici, RxJS',
};

export const baseline: ClientName = 'ws-json';

/**
 * A client as a run measures it: one of `clientNames` on the working tree's packages, or (`--compare <ref>`) a live
 * client on the ref's build, `<name>@ref`. Both run the same adapter; only the packages it imports differ.
 */
export type ClientKey = ClientName | `${ClientName}@ref`;

/** The clients of the library (the live client's and the web client's): with `--compare`, each also runs on the
 * ref's build. */
export const liveClients: readonly ClientName[] = clientNames.filter((name) => name.startsWith('live-') || name.startsWith('web-'));

export const refKey = (name: ClientName): ClientKey => `${name}@ref`;
export const isRef = (key: ClientKey): boolean => key.endsWith('@ref');
/** The adapter a client key runs. */
export const adapterOf = (key: ClientKey): ClientName => (isRef(key) ? key.slice(0, -'@ref'.length) : key) as ClientName;
/** The working tree's client of a ref client, and the other way round. */
export const twinOf = (key: ClientKey): ClientKey => (isRef(key) ? adapterOf(key) : refKey(adapterOf(key)));

/** The clients of a scenario: with `compare`, every live client is followed by its twin on the ref's build. */
export function withRefs(names: readonly ClientName[], compare: boolean): ClientKey[] {
  return names.flatMap((name): ClientKey[] => (compare && liveClients.includes(name) ? [name, refKey(name)] : [name]));
}

/**
 * The order in which the clients of `keys` (as `withRefs` gives them) take their turn in round `round`: rotated so
 * that none always goes first, a client and its ref twin kept next to each other (their ratio is the one that must
 * see the same machine state), and which of the two goes first alternating from round to round. Without twins it is
 * `rotate(keys, round)`. The servers of the server benchmark (`ws`, `live`, `live@ref`) take turns the same way.
 */
export function schedule<Key extends string = ClientKey>(keys: readonly Key[], round: number): Key[] {
  const units: Key[][] = [];
  for (const key of keys) {
    const last = units.at(-1);
    if (last !== undefined && key.endsWith('@ref') && `${last[0]}@ref` === key) last.push(key);
    else units.push([key]);
  }
  return rotate(units, round).flatMap((unit) => (round % 2 === 1 ? [...unit].reverse() : unit));
}

/** How the report names a client key. */
export const labelOf = (key: ClientKey): string => (isRef(key) ? `${clientLabels[adapterOf(key)]} (ref)` : clientLabels[adapterOf(key)]);

/** Loads one adapter, so a client process imports only the library it measures. */
export async function loadClient(name: ClientName): Promise<ClientAdapter> {
  const module = (await import(`./${name}.js`)) as { adapter: ClientAdapter };
  return module.adapter;
}
