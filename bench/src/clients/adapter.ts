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
};

export const baseline: ClientName = 'ws-json';

/** Loads one adapter, so a client process imports only the library it measures. */
export async function loadClient(name: ClientName): Promise<ClientAdapter> {
  const module = (await import(`./${name}.js`)) as { adapter: ClientAdapter };
  return module.adapter;
}
