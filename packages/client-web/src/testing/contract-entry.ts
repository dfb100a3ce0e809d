// The contract suite on createWebClient() and the platform's own WebSocket, bundled into one file by bundle.ts and
// run as is in a browser page, by Bun and by Deno. It prints (or, in a page, keeps) the results for the Node test
// that started it; the server and the judging are on the Node side.
import { runContract, type ContractEnvironment, type ContractResult } from '@aws/test-utils/contract';
import { createWebClient } from '../web-client.js';
import { webSocketStream } from '../web-socket-stream.js';
import { resultsMarker } from './declarations.js';

type Runtime = {
  Deno?: { args: string[] };
  process?: { argv: string[] };
  location?: { host: string; search: string };
  contractResults?: Promise<Record<string, ContractResult[]>>;
};
const runtime = globalThis as Runtime;

function environment(): ContractEnvironment {
  if (runtime.Deno !== undefined) return { base: runtime.Deno.args[0] ?? '', refusedUrl: runtime.Deno.args[1] ?? '' };
  if (runtime.location !== undefined) {
    return { base: `ws://${runtime.location.host}`, refusedUrl: new URLSearchParams(runtime.location.search).get('refused') ?? '' };
  }
  const argv = runtime.process?.argv ?? [];
  return { base: argv[2] ?? '', refusedUrl: argv[3] ?? '' };
}

// Where the platform has WebSocketStream (Chromium), the suite runs once on the default client (the plain WebSocket)
// and once on WebSocketStream, opted into.
const hasStreams = 'WebSocketStream' in globalThis;
const results = (async () => {
  const all: Record<string, ContractResult[]> = { default: await runContract(() => createWebClient(), environment()) };
  if (hasStreams) {
    all.WebSocketStream = await runContract(() => createWebClient({ WebSocketStream: webSocketStream() }), environment());
  }
  return all;
})();
if (runtime.location !== undefined) runtime.contractResults = results;
else void results.then((done) => console.log(resultsMarker + JSON.stringify(done)));
