import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from './units.js';

describe('parseDuration', () => {
  it('reads milliseconds, seconds, minutes and hours, a plain number as seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2')).toBe(2000);
    expect(parseDuration('0.25')).toBe(250);
    expect(parseDuration('.5')).toBe(500);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'abc', '-1', '5 sec', '1e3', '5d', 'NaN']) expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseSize', () => {
  it('reads bytes and binary multiples', () => {
    expect(parseSize('65536')).toBe(65536);
    expect(parseSize('64k')).toBe(65536);
    expect(parseSize('1M')).toBe(1024 ** 2);
    expect(parseSize('2MiB')).toBe(2 * 1024 ** 2);
  });

  it('refuses anything else', () => {
    for (const text of ['', 'k', '-1', '1.5k', '1G', 'lots']) expect(parseSize(text)).toBeUndefined();
  });
});
