import { startContractServer, type ContractServer } from '@aws/test-utils';
import { registerContract } from '@aws/test-utils/contract';
import { WebSocket } from 'undici';
import { afterAll, beforeAll, it } from 'vitest';
import { webImplementation } from './testing/declarations.js';
import { createWebClient } from './web-client.js';

// The contract suite of the interface on Node 20, with undici's WHATWG WebSocket. The browser, Bun and Deno runs
// are in runtimes.test.ts.
let server: ContractServer;
beforeAll(async () => {
  server = await startContractServer();
});
afterAll(() => server.close());

registerContract(
  it,
  webImplementation("Node, undici's WebSocket"),
  () => createWebClient({ WebSocket }),
  () => server,
);
