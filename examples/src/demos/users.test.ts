import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { startUsersServer } from '../servers/users.js';
import { users } from './users.js';

describe('the Users demo', () => {
  it('calls the Users server through @aws/rpc, typed, and prints the answers and the failure', async () => {
    const baseline = activeHandles();
    const server = await startUsersServer({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const lines: string[] = [];
    try {
      await users(client, server.url, { print: (line) => lines.push(line) });
    } finally {
      await client.closeAll();
      await server.close();
    }
    expect(lines).toEqual([
      'getUsers(2): A, B',
      'getUsers(3): A, B, C',
      'stream started',
      'startStream again: streamAlreadyStarted',
      'stream stopped',
    ]);
    expect(await settledHandles(baseline)).toEqual({});
  });
});
