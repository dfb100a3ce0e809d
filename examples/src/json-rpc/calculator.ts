/**
 * The Calculator API of the JSON-RPC example: the one description both sides share. The client's calls and the
 * server's handlers are checked against it by the compiler (`jsonRpcClient<Calculator>`, `jsonRpcService<Calculator>`).
 * With Standard Schemas instead (`{ schemas }`), the types come from them and each side also checks what it receives.
 */
export interface Calculator {
  add: { params: [number, number]; result: number };
  divide: { params: [number, number]; result: number };
  /** A counter from `from`, one value every `every` ms, for as long as the client listens. */
  count: { params: { from: number; every: number }; event: number };
}

/** The error code of a division by zero, in the range JSON-RPC leaves to the application. */
export const divisionByZero = 1;
