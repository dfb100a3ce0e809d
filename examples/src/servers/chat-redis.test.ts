import { Frame, ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { startRedisServer, waitFor } from '@aws/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { chatPath } from './chat.js';
import { startScaledChatServer } from './chat-redis.js';
import { anyFreePort } from '../testing/server-fixture.js';

const client = createLiveClient();
afterEach(() => client.closeAll());

async function chatter(url: string): Promise<{ connection: Awaited<ReturnType<typeof client.connect>>; texts: string[] }> {
  const connection = await client.connect({ id: ID(), url: `${url}${chatPath}`, protocols: ['chat'] });
  const texts: string[] = [];
  connection.frames.subscribe((frame) => {
    if (frame.type === 'message' && frame.message.type === 'text') texts.push(frame.message.text);
  });
  return { connection, texts };
}

describe('the Chat as two processes on one Redis', () => {
  it('relays a line to the clients of both servers, never back to its sender; refuses it while Redis is down', async () => {
    await using redis = await startRedisServer();
    const logged: string[] = [];
    const log = (line: string): void => void logged.push(line);
    await using one = await startScaledChatServer(anyFreePort, { redisUrl: redis.url, log });
    await using two = await startScaledChatServer(anyFreePort, { redisUrl: redis.url, log });
    const ada = await chatter(one.url);
    const bob = await chatter(two.url);
    const carol = await chatter(two.url);
    await waitFor(() => logged.filter((line) => line.startsWith('[Connected]')).length === 3, 2_000, 'three connected');
    // The subscription of the second server is confirmed by Redis once a line gets through.
    await waitFor(
      () => {
        if (bob.texts.length === 0) void ada.connection.send(Frame.text('hello from ada'));
        return bob.texts.length > 0;
      },
      5_000,
      'the first line across',
    );
    await waitFor(() => carol.texts.length > 0, 2_000, 'carol has it');
    expect(new Set(bob.texts)).toEqual(new Set(['hello from ada']));
    expect(ada.texts).toEqual([]);

    await carol.connection.send(Frame.text('hi, carol here'));
    await waitFor(() => ada.texts.includes('hi, carol here') && bob.texts.includes('hi, carol here'), 2_000, 'both have it');
    expect(carol.texts.every((text) => text !== 'hi, carol here')).toBe(true);

    await redis.kill();
    await bob.connection.send(Frame.text('anyone?'));
    await waitFor(() => bob.texts.some((text) => text.startsWith('[not relayed:')), 5_000, 'bob is told');
    expect(ada.texts).not.toContain('anyone?');
    expect(carol.texts).not.toContain('anyone?');
  }, 30_000);
});
