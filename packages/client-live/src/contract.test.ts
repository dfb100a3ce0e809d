import { startContractServer, type ContractServer } from '@aws/test-utils';
import { registerContract } from '@aws/test-utils/contract';
import { afterAll, beforeAll, it } from 'vitest';
import { createLiveClient } from './live-client.js';

// The contract suite of the interface (packages/test-utils/src/contract), on ws: it passes every case.
let server: ContractServer;
beforeAll(async () => {
  server = await startContractServer();
});
afterAll(() => server.close());

registerContract(
  it,
  { name: 'client-live (ws, Node)', cannot: {} },
  () => createLiveClient(),
  () => server,
);
