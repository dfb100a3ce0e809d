import { AbortedError, ID } from '@aws/client';
import { startServer, waitFor } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

const client = createLiveClient();
afterEach(() => client.closeAll());

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = await startServer();
  const port = server.port;
  await server.close();
  return port;
}

describe('connect with reconnection while the server is down', () => {
  it('waits for the first success, and status(id) shows the retries meanwhile', async () => {
    const port = await freePort();
    const id = ID();
    const connecting = client.connect({ id, url: `ws://127.0.0.1:${port}`, reconnect: { minDelay: 20, maxDelay: 40 } });
    const seen: string[] = [];
    client.status(id).subscribe((status) => seen.push(status.type));
    await waitFor(() => seen.filter((type) => type === 'reconnecting').length >= 2, 5_000, 'two retries');
    await using server = await startServer(() => {}, {}, port);
    const connection = await connecting;
    expect(connection.isConnected()).toBe(true);
    expect(server.sockets).toHaveLength(1);
    expect(seen.at(-1)).toBe('connected');
  });

  it('is bounded by the signal: AbortedError, and nothing stays registered', async () => {
    const port = await freePort();
    const id = ID();
    const opening = client.connect({
      id,
      url: `ws://127.0.0.1:${port}`,
      reconnect: { minDelay: 20, maxDelay: 40 },
      signal: AbortSignal.timeout(150),
    });
    await expect(opening).rejects.toBeInstanceOf(AbortedError);
    expect(() => client.status(id)).toThrow();
    // The id is free again.
    await using server = await startServer(() => {}, {}, port);
    await (await client.connect({ id, url: server.url })).close();
  });
});
