// The contract suite of `WebSocketClient`, free of Node and of any test runner, so it is bundled as is into a
// browser page, a Bun or a Deno process. The server side is `startContractServer` (`@aws/test-utils`, Node).
export type {
  ContractClient,
  ContractCloseInfo,
  ContractConnection,
  ContractError,
  ContractMessage,
  ContractFrame,
  ContractSettings,
  ContractStatus,
  ContractStream,
  Unsubscribable,
} from './client-shape.js';
export { contractCases, type ContractCase, type ContractContext } from './cases.js';
export { ContractFailure } from './expect.js';
export { caseTimeout, runCase, runContract, type ContractEnvironment, type ContractResult } from './run.js';
export { caseTitle, checkDeclarations, judge, registerContract, registerResults, type Implementation, type Register } from './declare.js';
