import { createLiveClient } from '@aws/client-live';
import { activeHandles, settledHandles, waitFor } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTimeServer } from '../servers/time.js';
import { captureLogger } from '../testing/capture-logger.js';
import { logOperator } from './log-operator.js';
import { onOperator } from './on-operator.js';

const dateLine = /Current Server Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000$/;

describe.each([
  ['on', onOperator, /^Message received: {2}Current Server Date/],
  ['log', logOperator, /^Current Server Date/],
])('the %s operator demo', (_name, demo, printed) => {
  let baseline: Record<string, number>;

  beforeEach(() => {
    baseline = activeHandles();
  });

  afterEach(async () => {
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('prints the text messages, logs the statuses, and closes with 1000 when stopped', async () => {
    await using server = await startTimeServer({ host: '127.0.0.1', port: 0 }, () => {});
    const lines: string[] = [];
    const logger = captureLogger();
    const stop = new AbortController();
    const running = demo(createLiveClient(), server.url, { print: (line) => lines.push(line), logger, signal: stop.signal });
    await waitFor(() => lines.length >= 1, 5_000, 'a date');
    stop.abort();
    await running;

    expect(lines[0]).toMatch(printed);
    expect(lines[0]).toMatch(dateLine);
    const statuses = logger.records.filter((record) => record.fields.status !== undefined).map((record) => record.message);
    expect(statuses).toEqual(['connecting', 'connected', 'didClose']);
    const closed = logger.records.find((record) => record.message === 'didClose');
    expect(closed?.fields.code).toBe(1000);
  });
});

describe('the log operator demo', () => {
  it('logs every frame it receives, texts included', async () => {
    await using server = await startTimeServer({ host: '127.0.0.1', port: 0 }, () => {});
    const logger = captureLogger();
    const stop = new AbortController();
    const lines: string[] = [];
    const running = logOperator(createLiveClient(), server.url, { print: (line) => lines.push(line), logger, signal: stop.signal });
    await waitFor(() => lines.length >= 1, 5_000, 'a date');
    stop.abort();
    await running;
    const frames = logger.records.filter((record) => record.fields.frame !== undefined);
    expect(frames[0]).toMatchObject({ message: 'message.text', fields: { text: lines[0] } });
    expect(frames.at(-1)).toMatchObject({ message: 'close', fields: { code: 1000 } });
  });
});
