import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles, waitFor } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeMessage, ServerMessage } from '../emojis/protocol.js';
import { startEmojisServer } from '../servers/emojis.js';
import { swiftPrettyJSON } from '../shared/swift-json.js';
import { captureLogger } from '../testing/capture-logger.js';
import { describeResult, emojis } from './emojis.js';
import { textFrameBox } from './text-frame-box.js';

const emojiServer = () =>
  startEmojisServer({ host: '127.0.0.1', port: 0 }, { log: () => {}, streamIntervalMs: 50, randomEmoji: () => '🍅' });

describe('the Emojis demo', () => {
  it('prints the welcome, starts the stream, prints the emojis, and stops after the count with 1000', async () => {
    const baseline = activeHandles();
    await using server = await emojiServer();
    const lines: string[] = [];
    const logger = captureLogger();
    const frameLogger = captureLogger();
    await emojis(createLiveClient(), server.url, { print: (line) => lines.push(line), logger, frameLogger, emojis: 3 });

    expect(lines).toEqual([
      'Welcome to the Emojis server 😃',
      'Starting stream',
      'New emoji:  🍅',
      'New emoji:  🍅',
      'New emoji:  🍅',
      'Stopping stream',
    ]);
    expect(frameLogger.records[0]?.message).toBe(
      `\n\n${textFrameBox('Received Text Frame', swiftPrettyJSON(encodeMessage(ServerMessage.welcome())))}\n`,
    );
    expect(frameLogger.records.at(-1)).toEqual({ fields: { 'Frame Update': ' close(code: normalClosure)' }, message: '' });
    expect(logger.records.at(-1)).toMatchObject({ message: 'didClose', fields: { code: 1000 } });
    await server.close();
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('runs until stopped when no count is given', async () => {
    await using server = await emojiServer();
    const lines: string[] = [];
    const stop = new AbortController();
    const running = emojis(createLiveClient(), server.url, {
      print: (line) => lines.push(line),
      logger: captureLogger(),
      frameLogger: captureLogger(),
      signal: stop.signal,
    });
    await waitFor(() => lines.filter((line) => line.startsWith('New emoji')).length >= 5, 5_000, 'five emojis');
    stop.abort();
    await running;
    expect(lines.slice(0, 2)).toEqual(['Welcome to the Emojis server 😃', 'Starting stream']);
    expect(lines).not.toContain('Stopping stream');
  });

  it('starts the stream again by itself after a server restart, with reconnection on', async () => {
    const baseline = activeHandles();
    const first = await emojiServer();
    const { port } = first;
    const lines: string[] = [];
    const emojiCount = () => lines.filter((line) => line.startsWith('New emoji')).length;
    const running = emojis(createLiveClient(), first.url, {
      print: (line) => lines.push(line),
      logger: captureLogger(),
      frameLogger: captureLogger(),
      emojis: 6,
      reconnect: { minDelay: 20, maxDelay: 100 },
    });
    await waitFor(() => emojiCount() >= 2, 5_000, 'two emojis');
    await first.close();
    const restarted = await startEmojisServer(
      { host: '127.0.0.1', port },
      { log: () => {}, streamIntervalMs: 50, randomEmoji: () => '🍅' },
    );
    await running;
    expect(lines.filter((line) => line === 'Welcome to the Emojis server 😃')).toHaveLength(2);
    expect(lines.filter((line) => line === 'Starting stream')).toHaveLength(2);
    expect(emojiCount()).toBe(6);
    expect(lines.at(-1)).toBe('Stopping stream');
    await restarted.close();
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('describes a failure as the Swift demo does', () => {
    expect(describeResult({ kind: 'failure', reason: 'malformedJSONResquest' })).toBe(
      'Request failed with code: malformedJSONResquest message: No message provided',
    );
    expect(describeResult({ kind: 'failure', reason: 'malformedJSONResquest', message: 'bad' })).toBe(
      'Request failed with code: malformedJSONResquest message: bad',
    );
  });
});
