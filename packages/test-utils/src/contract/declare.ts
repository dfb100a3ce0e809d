import type { ContractClient } from './client-shape.js';
import { contractCases, type ContractCase } from './cases.js';
import { caseTimeout, runCase, type ContractEnvironment, type ContractResult } from './run.js';

/**
 * An implementation of the interface, as the contract suite sees it: its name and the cases it cannot pass, each
 * with the reason (a platform that has no ping frames, say). A declared case is still run, and must fail: when the
 * platform gains what it lacked, the declaration has to go.
 */
export interface Implementation {
  readonly name: string;
  readonly cannot: Readonly<Record<string, string>>;
}

/** The `it` of a test runner (vitest's): the suite depends on none. */
export type Register = (name: string, test: () => Promise<void>, timeout?: number) => void;

/** Every declared name is a case of the suite: a typo would otherwise declare nothing. */
export function checkDeclarations(implementation: Implementation): void {
  const names = new Set(contractCases.map((contractCase) => contractCase.name));
  const unknown = Object.keys(implementation.cannot).filter((name) => !names.has(name));
  if (unknown.length > 0) throw new Error(`${implementation.name} declares unknown contract cases: ${unknown.join('; ')}`);
}

/** The test name of a case for an implementation: a declared one says so, with its reason. */
export function caseTitle(contractCase: ContractCase, implementation: Implementation): string {
  const reason = implementation.cannot[contractCase.name];
  return reason === undefined ? contractCase.name : `${contractCase.name} — fails as declared on ${implementation.name}: ${reason}`;
}

/** Judges a result against the declarations: throws when a case that should pass failed, or a declared one passed. */
export function judge(result: ContractResult | undefined, contractCase: ContractCase, implementation: Implementation): void {
  if (result === undefined) throw new Error(`${implementation.name} did not run "${contractCase.name}"`);
  const declared = implementation.cannot[contractCase.name];
  if (declared === undefined && result.error !== undefined) throw new Error(result.error);
  if (declared !== undefined && result.error === undefined) {
    throw new Error(`"${contractCase.name}" passes on ${implementation.name}: remove its declaration (${declared})`);
  }
}

/** Registers every case as a test of the runner, run here (Node) on a fresh client each, judged by the declarations. */
export function registerContract(
  register: Register,
  implementation: Implementation,
  makeClient: () => ContractClient,
  environment: () => ContractEnvironment,
): void {
  checkDeclarations(implementation);
  for (const contractCase of contractCases) {
    register(
      caseTitle(contractCase, implementation),
      async () => {
        const started = Date.now();
        let error: string | undefined;
        try {
          await runCase(contractCase, makeClient, environment());
        } catch (caught) {
          error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
        }
        judge({ name: contractCase.name, error, ms: Date.now() - started }, contractCase, implementation);
      },
      caseTimeout * 2,
    );
  }
}

/** Registers every case as a test judged on results gathered elsewhere (a browser page, a Bun or Deno process). */
export function registerResults(register: Register, implementation: Implementation, results: () => readonly ContractResult[]): void {
  checkDeclarations(implementation);
  for (const contractCase of contractCases) {
    register(caseTitle(contractCase, implementation), async () =>
      judge(
        results().find((result) => result.name === contractCase.name),
        contractCase,
        implementation,
      ),
    );
  }
}
