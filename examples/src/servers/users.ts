import { Frame } from '@aws/client';
import { accept, type Service } from '@aws/server';
import { createUsersProtocol, type UsersProtocol } from '@aws/test-utils';
import { isMain } from '../shared/is-main.js';
import type { TcpAddress } from './listen-address.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type RunningServer } from './serve.js';

/**
 * The Users server: the test protocol of the Swift library's operator tests (getUsers, startStream, stopStream, single
 * or batched), answered in request order with binary frames of pretty-printed JSON. The protocol itself lives in
 * `@aws/test-utils`, where the operator tests use it (on a `ws` server of its own there); this serves it on
 * `@aws/server-live`, a program to try the operators against. Each connection carries its protocol state.
 */
export const usersService: Service<UsersProtocol> = {
  upgrade: () => accept(createUsersProtocol()),
  async received(message, connection) {
    const replies = connection.context(message.type === 'text' ? message.text : message.data);
    // Each reply written before the next message is read: the answers keep the order of the requests.
    for (const reply of replies) await connection.send(Frame.binary(reply)).catch(() => {});
  },
};

/** Starts the Users server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startUsersServer(address?: TcpAddress): Promise<RunningServer> {
  return serve(usersService, address);
}

if (isMain(import.meta.url)) {
  await runServer(usersService, (bound) => `Users server started and listening on ${formatBoundAddress(bound)}`);
}
