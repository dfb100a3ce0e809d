// The page half of stalled-drop.test.ts, bundled by bundle.ts: a createWebClient() connection (`?stream=1`: with
// `WebSocketStream: webSocketStream()`) sends more than the socket's buffers hold to a server that reads nothing, so a send is
// still being written when the page asks the test (GET /drop) to drop the socket; twice, the second time on the socket
// the client reconnected with. The result (statuses, how many sends settled) is kept for the test to read.
import { Frame, ID } from '@aws/client';
import { createWebClient } from '../web-client.js';
import { webSocketStream } from '../web-socket-stream.js';

type Page = { location: { host: string; search: string }; stalledDrop?: Promise<StalledDropResult> };
/** What the page reports: the statuses seen, and the sends that resolved or rejected (all of them must settle). */
export type StalledDropResult = { statuses: string[]; sent: number; settled: number } | { error: string };

const page = globalThis as unknown as Page;
const search = new URLSearchParams(page.location.search);
const port = search.get('port') ?? '';
const messages = 24;
const chunk = new Uint8Array(1024 * 1024);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the server to drop the socket, until it has one to drop (it answers how many it dropped). */
async function drop(): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (Number(await (await fetch('/drop')).text()) > 0) return true;
    await pause(20);
  }
  return false;
}

page.stalledDrop = (async (): Promise<StalledDropResult> => {
  const client = createWebClient(search.get('stream') === '1' ? { WebSocketStream: webSocketStream() } : {});
  const connection = await client.connect({
    id: ID(),
    url: `ws://127.0.0.1:${port}/stalled`,
    reconnect: { minDelay: 1, maxDelay: 20, minUptime: 0 },
    sendQueue: { bytes: 64 * 1024 * 1024, messages: 1024 },
    closeTimeout: 200,
  });
  const statuses: string[] = [];
  connection.status.subscribe((status) => void statuses.push(status.type));
  const count = (type: string): number => statuses.filter((status) => status === type).length;
  let sent = 0;
  let settled = 0;
  for (let round = 0; round < 2; round += 1) {
    for (let i = 0; i < messages; i += 1) {
      sent += 1;
      connection.send(Frame.binary(chunk)).then(
        () => void (settled += 1),
        () => void (settled += 1),
      );
    }
    // Long enough for the buffers between the page and the server to fill, so that a write is pending.
    await pause(500);
    const reconnections = count('reconnecting');
    if (!(await drop())) return { error: `round ${round}: the server had no socket to drop (statuses ${statuses.join(' ')})` };
    // This drop's reconnection, done: a status seen before the page learnt of the drop does not count.
    for (let i = 0; i < 1_000 && !(count('reconnecting') > reconnections && statuses.at(-1) === 'connected'); i += 1) await pause(10);
  }
  await connection.close();
  for (let i = 0; i < 100 && settled < sent; i += 1) await pause(10);
  return { statuses, sent, settled };
})().catch((error: unknown) => ({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
