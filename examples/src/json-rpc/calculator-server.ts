import { HandlerError, JsonRpcErrorCode, jsonRpcService } from '@aws/rpc';
import { map, timer } from 'rxjs';
import { runServer, formatBoundAddress } from '../servers/run-server.js';
import type { TcpAddress } from '../servers/listen-address.js';
import { serve, type RunningServer } from '../servers/serve.js';
import { isMain } from '../shared/is-main.js';
import { divisionByZero, type Calculator } from './calculator.js';

/**
 * The Calculator JSON-RPC 2.0 service: `add`, `divide` (a division by zero answers the error object
 * `{ code: 1, message: 'division by zero' }`), and the `count` subscription, torn down when the client sends
 * `rpc.unsubscribe` or goes away. At most 8 calls of one connection run at once.
 */
export const calculatorService = jsonRpcService<Calculator>(
  {
    add: ([a, b]) => a + b,
    divide: ([a, b]) => {
      if (b === 0) throw new HandlerError(divisionByZero, 'division by zero');
      return a / b;
    },
    count: ({ from, every }) => {
      if (!(every >= 10)) throw new HandlerError(JsonRpcErrorCode.invalidParams, 'every must be at least 10 ms');
      return timer(every, every).pipe(map((n) => from + n));
    },
  },
  { concurrency: 8 },
);

/** Starts the Calculator server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startCalculatorServer(address?: TcpAddress): Promise<RunningServer> {
  return serve(calculatorService, address);
}

if (isMain(import.meta.url)) {
  await runServer(calculatorService, (bound) => `Calculator JSON-RPC server listening on ${formatBoundAddress(bound)}`);
}
