import type { ContractClient } from './client-shape.js';
import { contractCases, type ContractCase, type ContractContext } from './cases.js';
import { within } from './expect.js';

/** Where the contract server listens, as `startContractServer` tells it. */
export interface ContractEnvironment {
  /** `ws://127.0.0.1:port` */
  readonly base: string;
  readonly refusedUrl: string;
}

/** The outcome of one case: `error` is the failure's message, undefined when it passed. */
export interface ContractResult {
  readonly name: string;
  readonly error: string | undefined;
  readonly ms: number;
}

/** How long one case may take, its client's closing included. */
export const caseTimeout = 8_000;

let ids = 0;
let keys = 0;
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Runs one case on a fresh client, which is closed after it whatever happened: the same in vitest on Node and in a
 * browser page, a Bun or a Deno process.
 */
export async function runCase(
  contractCase: ContractCase,
  makeClient: () => ContractClient,
  environment: ContractEnvironment,
): Promise<void> {
  const client = makeClient();
  const context: ContractContext = {
    client,
    url: (path) => `${environment.base}${path}`,
    refusedUrl: environment.refusedUrl,
    id: () => `contract-${stamp}-${(ids += 1)}` as never,
    key: () => `${stamp}-${(keys += 1)}`,
  };
  try {
    await within(caseTimeout, contractCase.run(context), contractCase.name);
  } finally {
    await within(caseTimeout, client.closeAll(), `closing after "${contractCase.name}"`).catch(() => {});
  }
}

/**
 * Runs every case (or those named) one after the other and reports each outcome: for the runtimes other than
 * Node's vitest, which send the results back to the test that started them.
 */
export async function runContract(
  makeClient: () => ContractClient,
  environment: ContractEnvironment,
  cases: readonly ContractCase[] = contractCases,
): Promise<ContractResult[]> {
  const results: ContractResult[] = [];
  for (const contractCase of cases) {
    const started = Date.now();
    let error: string | undefined;
    try {
      await runCase(contractCase, makeClient, environment);
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    }
    results.push({ name: contractCase.name, error, ms: Date.now() - started });
  }
  return results;
}
