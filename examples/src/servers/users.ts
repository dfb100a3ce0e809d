import { handleUsersConnection } from '@aws/test-utils';
import { isMain } from '../shared/is-main.js';
import type { TcpAddress } from './listen-address.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type OnConnection, type RunningServer } from './serve.js';

/**
 * The Users server: the test protocol of the Swift library's operator tests (getUsers, startStream, stopStream, single
 * or batched), answered in request order with binary frames of pretty-printed JSON. The protocol itself lives in
 * `@aws/test-utils`, where the operator tests use it; this makes it a program to try the operators against.
 */
export const handleUsers: OnConnection = (socket) => handleUsersConnection(socket);

/** Starts the Users server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startUsersServer(address?: TcpAddress): Promise<RunningServer> {
  return serve(handleUsers, address);
}

if (isMain(import.meta.url)) {
  await runServer(handleUsers, (bound) => `Users server started and listening on ${formatBoundAddress(bound)}`);
}
