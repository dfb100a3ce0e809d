// The client half of the session probe in a browser page: bundled by bundle.ts for session-browser.test.ts, it runs
// clientProbe on createWebClient() against the page's own host (the test's server serves both) and keeps the result
// for the test to read. `?count=` sets how many messages go each way.
import { createWebClient } from '../web-client.js';
import { clientProbe, type ClientProbeResult } from './session-probe.js';

type Page = { location: { host: string; search: string }; sessionProbe?: Promise<ClientProbeResult | { error: string }> };
const page = globalThis as unknown as Page;
const search = new URLSearchParams(page.location.search);
const count = Number(search.get('count') ?? '1000');
const client = createWebClient();
page.sessionProbe = clientProbe(client, `ws://${page.location.host}/probe`, count, 60_000).catch((error: unknown) => ({
  error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
}));
