import { HandshakeFailedError, ConnectionFailedError, TimedOutError, AbortedError } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { backoffDelay, backoffOptions, retryAfter } from './backoff.js';
import { reconnectDelay } from './reconnect-policy.js';

const fixed = (random: number) => backoffOptions({ minDelay: 100, maxDelay: 1000, factor: 2, random: () => random })!;

describe('backoff', () => {
  it('draws the delay uniformly inside a window that grows by factor up to maxDelay', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, fixed(0.999999)))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3, 10].map((n) => backoffDelay(n, fixed(0)))).toEqual([100, 100, 100, 100]);
    expect(backoffDelay(3, fixed(0.5))).toBe(250);
  });

  it('is off unless asked for, with documented defaults', () => {
    expect(backoffOptions(undefined)).toBeUndefined();
    expect(backoffOptions(false)).toBeUndefined();
    expect(backoffOptions(true)).toMatchObject({ minDelay: 500, maxDelay: 30_000, factor: 2, minUptime: 5_000, maxAttempts: Infinity });
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfter({ 'retry-after': '3' })).toBe(3000);
    expect(retryAfter({ 'retry-after': 'Sun, 22 Nov 2026 01:00:10 GMT' }, Date.parse('Sun, 22 Nov 2026 01:00:00 GMT'))).toBe(10_000);
    expect(retryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfter({})).toBeUndefined();
  });
});

describe('default reconnection policy', () => {
  const backoff = fixed(0);
  const close = (code: number) => reconnectDelay({ attempt: 1, close: { code, reason: '' } }, backoff);
  const error = (
    e: InstanceType<typeof HandshakeFailedError | typeof ConnectionFailedError | typeof TimedOutError | typeof AbortedError>,
  ) => reconnectDelay({ attempt: 1, error: e }, backoff);

  it('retries drops, restarts and overloads; not normal closures or protocol violations', () => {
    expect([1001, 1005, 1006, 1011, 1012, 1013, 1014].map(close)).toEqual(Array(7).fill(100));
    expect([1000, 1002, 1003, 1007, 1008, 1009, 1010, 4000].map(close)).toEqual(Array(8).fill(undefined));
  });

  it('retries network failures and timeouts, never 401/403/4xx, and honours Retry-After on 429 and 503', () => {
    expect(error(new ConnectionFailedError(new Error('ECONNREFUSED')))).toBe(100);
    expect(error(new TimedOutError('handshake', 10))).toBe(100);
    expect(error(new AbortedError())).toBeUndefined();
    expect(error(new HandshakeFailedError(401, {}))).toBeUndefined();
    expect(error(new HandshakeFailedError(403, {}))).toBeUndefined();
    expect(error(new HandshakeFailedError(404, {}))).toBeUndefined();
    expect(error(new HandshakeFailedError(503, { 'retry-after': '2' }))).toBe(2000);
    expect(error(new HandshakeFailedError(429, {}))).toBe(100);
    expect(error(new HandshakeFailedError(502, {}))).toBe(100);
  });

  it('asks the predicate first, and stops after maxAttempts', () => {
    const withPredicate = { ...backoff, shouldReconnect: () => ({ delay: 7 }) };
    expect(reconnectDelay({ attempt: 1, close: { code: 1000, reason: '' } }, withPredicate)).toBe(7);
    expect(reconnectDelay({ attempt: 3, close: { code: 1006, reason: '' } }, { ...backoff, maxAttempts: 2 })).toBeUndefined();
  });
});
