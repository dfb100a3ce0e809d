import { Frame } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { colours } from './colour.js';
import { clock, describeStatus, formatNote, formatReceived, formatSent, jsonLine, type Style } from './format.js';

const date = new Date(2026, 0, 2, 3, 4, 5, 6);
const plain: Style = { colours: colours(false), binary: 'hex' };
const frame = (value: Frame) => ({ kind: 'frame' as const, frame: value });

describe('text output', () => {
  it('shows the direction, the time, the type and the body of each frame', () => {
    expect(clock(date)).toBe('03:04:05.006');
    expect(formatReceived(frame(Frame.text('hello')), date, plain)).toBe('< 03:04:05.006 text   hello');
    expect(formatReceived(frame(Frame.binary(Uint8Array.from([1, 255]))), date, plain)).toBe('< 03:04:05.006 binary 2 B 01 ff');
    expect(formatReceived(frame(Frame.binary(Uint8Array.from([0, 255]))), date, { ...plain, binary: 'base64' })).toBe(
      '< 03:04:05.006 binary 2 B AP8=',
    );
    expect(formatReceived(frame(Frame.ping()), date, plain)).toBe('< 03:04:05.006 ping   0 B');
    expect(formatSent(Frame.text('hi'), date, plain)).toBe('> 03:04:05.006 text   hi');
    expect(formatNote('connected', date, plain)).toBe('* 03:04:05.006 connected');
  });

  it('pretty-prints selected JSON values, on the same line when short', () => {
    const message = Frame.text('');
    expect(formatReceived({ kind: 'value', value: 'A', frame: message }, date, plain)).toBe('< 03:04:05.006 json   "A"');
    expect(formatReceived({ kind: 'value', value: { a: 1 }, frame: message }, date, plain)).toBe('< 03:04:05.006 json\n{\n  "a": 1\n}');
  });

  it('marks text that is not JSON, and shows skipped messages only when verbose', () => {
    const skipped = { kind: 'skipped' as const, reason: 'no value at "a"', frame: Frame.text('{}') };
    expect(formatReceived({ kind: 'invalid', reason: 'x', frame: Frame.text('nope') }, date, plain)).toBe(
      '< 03:04:05.006 text   nope (not JSON)',
    );
    expect(formatReceived(skipped, date, plain)).toBeUndefined();
    expect(formatReceived(skipped, date, plain, true)).toBe('· 03:04:05.006 skipped: no value at "a"');
  });

  it('colours the parts on a terminal', () => {
    const line = formatReceived(frame(Frame.text('hello')), date, { ...plain, colours: colours(true) });
    expect(line).toBe('\u001b[36m<\u001b[39m \u001b[2m03:04:05.006\u001b[22m \u001b[35mtext\u001b[39m   hello');
  });

  it('describes the statuses, reconnections included', () => {
    const url = 'ws://h/';
    expect(describeStatus({ type: 'connecting', attempt: 0 }, url)).toBeUndefined();
    expect(describeStatus({ type: 'connecting', attempt: 2 }, url)).toBe('connecting to ws://h/ (attempt 2)');
    expect(describeStatus({ type: 'connected', protocol: 'chat', extensions: '' }, url)).toBe('connected to ws://h/ (protocol chat)');
    expect(describeStatus({ type: 'reconnecting', attempt: 1, delay: 512, close: { code: 1006, reason: '' } }, url)).toBe(
      'reconnecting in 0.5 s (attempt 1; closed 1006 abnormalClosure)',
    );
    expect(describeStatus({ type: 'didClose', code: 4000, reason: 'bye' }, url)).toBe('closed 4000 application(4000) "bye"');
  });
});

describe('JSON lines', () => {
  it('writes the selected value itself, for jq', () => {
    expect(jsonLine({ kind: 'value', value: { a: [1] }, frame: Frame.text('') }, date, 'hex')).toBe('{"a":[1]}');
    expect(jsonLine({ kind: 'skipped', reason: '', frame: Frame.text('') }, date, 'hex')).toBeUndefined();
  });

  it('writes other frames as an object with their type, content and time', () => {
    const time = date.toISOString();
    expect(JSON.parse(jsonLine(frame(Frame.text('hi')), date, 'hex') ?? '')).toEqual({ type: 'text', text: 'hi', time });
    expect(JSON.parse(jsonLine(frame(Frame.binary(Uint8Array.from([1, 2]))), date, 'hex') ?? '')).toEqual({
      type: 'binary',
      hex: '0102',
      time,
    });
    expect(JSON.parse(jsonLine(frame(Frame.binary(Uint8Array.from([1, 2]))), date, 'base64') ?? '')).toEqual({
      type: 'binary',
      base64: 'AQI=',
      time,
    });
    expect(JSON.parse(jsonLine(frame(Frame.ping()), date, 'hex') ?? '')).toEqual({ type: 'ping', hex: '', time });
  });
});

describe('labels', () => {
  it('shows where a frame came from, after the time', () => {
    expect(formatReceived(frame(Frame.text('hi')), date, plain, false, '#2')).toBe('< 03:04:05.006 #2 text   hi');
  });
});
