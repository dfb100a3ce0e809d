// The client side of the session probe on createWebClient(), shared by the Node test (undici's WebSocket) and the
// page bundled for Chromium: `count` numbered messages sent as fast as the session takes them while it collects the
// server's, until every send has settled and every message has come. The server side (numbering its own messages,
// dropping the sockets) is in session.test.ts, on Node.
import { Frame, ID, type WebSocketClient } from '@aws/client';
import { connectSession, type ClientSessionOptions } from '@aws/session';

/** What the client saw: the numbers received in order of arrival, how its sends settled, the statuses. */
export interface ClientProbeResult {
  readonly got: readonly number[];
  readonly resolved: number;
  readonly rejected: number;
  readonly statuses: readonly string[];
  readonly error?: string;
}

/** Runs the client's half of the probe against `url` and resolves once `count` messages went each way (or `limit`
 * ms passed: the result then says how far it got). */
export async function clientProbe(client: WebSocketClient, url: string, count: number, limit: number): Promise<ClientProbeResult> {
  const options: ClientSessionOptions = { buffer: { overflow: 'wait' } };
  const session = await connectSession(client, { id: ID(), url, reconnect: { minDelay: 1, maxDelay: 20, minUptime: 0 } }, options);
  const got: number[] = [];
  const statuses: string[] = [];
  let resolved = 0;
  let rejected = 0;
  session.status.subscribe((status) => void statuses.push(status.type));
  session.frames.subscribe((frame) => {
    if (frame.type === 'message' && frame.message.type === 'text') got.push(Number(frame.message.text));
  });
  for (let i = 0; i < count; i += 1) {
    session.send(Frame.text(String(i))).then(
      () => void (resolved += 1),
      () => void (rejected += 1),
    );
  }
  const deadline = Date.now() + limit;
  while ((resolved + rejected < count || got.length < count) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const error = resolved + rejected < count || got.length < count ? `timed out after ${limit} ms` : undefined;
  await session.close();
  await client.closeAll();
  return { got, resolved, rejected, statuses, ...(error === undefined ? {} : { error }) };
}

/** How `got` differs from 0, 1, ..., n - 1. */
export function defects(got: readonly number[], n: number): { lost: number; duplicated: number; outOfOrder: number } {
  const seen = new Set<number>();
  let duplicated = 0;
  let outOfOrder = 0;
  let last = -1;
  for (const value of got) {
    if (seen.has(value)) duplicated += 1;
    else seen.add(value);
    if (value <= last) outOfOrder += 1;
    last = value;
  }
  let lost = 0;
  for (let i = 0; i < n; i += 1) if (!seen.has(i)) lost += 1;
  return { lost, duplicated, outOfOrder };
}
