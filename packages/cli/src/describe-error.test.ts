import { ConnectionFailedError, HandshakeFailedError, InvalidSettingsError, TimedOutError } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.js';

const url = 'ws://127.0.0.1:1/';
const failure = (code: string, message = `boom ${code}`) => new ConnectionFailedError(Object.assign(new Error(message), { code }));

describe('describeError', () => {
  it('names the HTTP status of a refused handshake', () => {
    expect(describeError(new HandshakeFailedError(401, {}), url)).toBe(
      `the server refused the connection to ${url}: HTTP 401 Unauthorized`,
    );
    expect(describeError(new HandshakeFailedError(599, {}), url)).toBe(`the server refused the connection to ${url}: HTTP 599`);
    expect(describeError(new HandshakeFailedError(101, {}, 'bad accept key'), url)).toContain(
      'handshake with ws://127.0.0.1:1/ failed: bad accept key',
    );
  });

  it('says what a network error code means', () => {
    expect(describeError(failure('ECONNREFUSED'), url)).toBe(`cannot connect to ${url}: connection refused (ECONNREFUSED)`);
    expect(describeError(failure('ENOTFOUND'), url)).toContain('unknown host');
  });

  it('hints at --ca and --insecure for a certificate that does not verify', () => {
    expect(describeError(failure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), url)).toBe(
      `cannot connect to ${url}: self-signed certificate (--ca <file> trusts its certificate authority, --insecure skips the verification)`,
    );
  });

  it('reports a handshake timeout', () => {
    expect(describeError(new TimedOutError('handshake', 100), url)).toBe(`cannot connect to ${url}: the handshake timed out after 100 ms`);
  });

  it('names an option out of range', () => {
    const error = new InvalidSettingsError('heartbeat.interval', 5, 'a number of milliseconds, at least 10');
    expect(describeError(error, url)).toMatch(/^an option is out of range: heartbeat\.interval/);
  });
});
