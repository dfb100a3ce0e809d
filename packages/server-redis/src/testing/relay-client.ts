import { Frame, ID, type WebSocketClient } from '@aws/client';
import { relayPath } from './relay-service.js';

/** What one client of the relay saw: the topic's texts (with their offsets in streams mode), its publishes taken
 * (`acc`) and refused (`rej`), and the resyncs it was told of. */
export interface RelayClient {
  readonly id: ID;
  readonly texts: string[];
  readonly offsets: string[];
  readonly acc: string[];
  readonly rej: string[];
  readonly resync: string[];
  /** How many times it connected. */
  connects: number;
  send(text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects a client of the relay through the project's live client, reconnecting (to the server `pick` gives, from
 * the last offset it received) when `reconnect` is on.
 */
export async function relayClient(
  client: WebSocketClient,
  pick: () => string,
  options: { readonly topic?: string; readonly after?: string | undefined; readonly reconnect?: boolean } = {},
): Promise<RelayClient> {
  const topic = options.topic ?? 'lobby';
  const id = ID();
  const seen: RelayClient = {
    id,
    texts: [],
    offsets: [],
    acc: [],
    rej: [],
    resync: [],
    connects: 0,
    send: (text) => client.send(id, Frame.text(text)),
    close: () => client.close(id).then(() => undefined),
  };
  const url = (): string => {
    seen.connects += 1;
    const after = seen.offsets.at(-1) ?? options.after;
    return `${pick()}${relayPath}?topic=${encodeURIComponent(topic)}${after === undefined ? '' : `&after=${after}`}`;
  };
  await client.connect({
    id,
    url,
    reconnect: options.reconnect === true ? { minDelay: 20, maxDelay: 200, minUptime: 100 } : false,
    sendQueue: { resendUnwritten: false },
  });
  // Frames are kept from the handshake on until the stream has a subscriber: the replay is not lost.
  client.receive(id).subscribe((frame) => {
    if (frame.type !== 'message' || frame.message.type !== 'text') return;
    const text = frame.message.text;
    if (!text.startsWith('{')) return void seen.texts.push(text);
    const parsed = JSON.parse(text) as { o?: string; t?: string; acc?: string; rej?: string; resync?: string };
    if (parsed.o !== undefined && parsed.t !== undefined) {
      seen.offsets.push(parsed.o);
      seen.texts.push(parsed.t);
    } else if (parsed.acc !== undefined) seen.acc.push(parsed.acc);
    else if (parsed.rej !== undefined) seen.rej.push(parsed.rej);
    else if (parsed.resync !== undefined) seen.resync.push(parsed.resync);
  });
  return seen;
}

/** Checks that `texts` holds each `<publisher>:<n>` at most once and each publisher's in increasing order; returns
 * the problems found. */
export function orderProblems(texts: readonly string[]): string[] {
  const last = new Map<string, number>();
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const text of texts) {
    if (seen.has(text)) problems.push(`${text} twice`);
    seen.add(text);
    const [publisher = '', n = '0'] = text.split(':');
    const previous = last.get(publisher) ?? -1;
    if (Number(n) <= previous) problems.push(`${text} after ${publisher}:${previous}`);
    last.set(publisher, Number(n));
  }
  return problems;
}
