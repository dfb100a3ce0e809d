import { activeHandles, settledHandles } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { main, parseMainArguments } from './main.js';
import { captureLogger } from './testing/capture-logger.js';

describe('the main job', () => {
  it('reads a URL and a count in any order, with 5 emojis and the embedded server by default', () => {
    expect(parseMainArguments([])).toEqual({ url: undefined, emojis: 5 });
    expect(parseMainArguments(['--', '3', 'ws://localhost:8888'])).toEqual({ url: 'ws://localhost:8888', emojis: 3 });
    expect(() => parseMainArguments(['http://x'])).toThrow('usage');
  });

  it('runs the Emojis demo against the server it starts, prints the stream, and stops cleanly', async () => {
    const baseline = activeHandles();
    const lines: string[] = [];
    const logger = captureLogger(); // the demo's pino JSON lines would land in the middle of vitest's report
    await main({ url: undefined, emojis: 2 }, { print: (line) => lines.push(line), logger });
    expect(lines[0]).toMatch(/^Started an Emojis server on ws:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.slice(1, 3)).toEqual(['Welcome to the Emojis server 😃', 'Starting stream']);
    expect(lines.filter((line) => line.startsWith('New emoji:  '))).toHaveLength(2);
    expect(lines.at(-1)).toBe('Stopping stream');
    expect(logger.records.map((record) => record.message)).toContain('connected');
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('stops on the abort signal (Ctrl-C), closing with 1000', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    await main(
      { url: undefined, emojis: 1000 },
      {
        logger: captureLogger(),
        print: (line) => {
          lines.push(line);
          if (line === 'Starting stream') controller.abort();
        },
        signal: controller.signal,
      },
    );
    expect(lines).toContain('Starting stream');
    expect(lines.filter((line) => line.startsWith('New emoji'))).toEqual([]);
  });
});
