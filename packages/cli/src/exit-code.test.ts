import { ConnectionFailedError, HandshakeFailedError, InvalidUrlError, TimedOutError, UnimplementedError } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeOfError, exitCodeOfStatus } from './exit-code.js';

describe('exit codes', () => {
  it('0 for 1000, 6 for a drop, 5 for every other close code', () => {
    expect(exitCodeOfStatus({ type: 'didClose', code: 1000, reason: '' })).toBe(ExitCode.ok);
    expect(exitCodeOfStatus({ type: 'didClose', code: 1006, reason: '' })).toBe(ExitCode.dropped);
    for (const code of [1001, 1005, 1009, 1011, 4000]) {
      expect(exitCodeOfStatus({ type: 'didClose', code, reason: '' })).toBe(ExitCode.closedAbnormally);
    }
  });

  it('4 for a refusal with an HTTP status, 3 for the other ways of not connecting, 2 for a bad URL', () => {
    expect(exitCodeOfError(new HandshakeFailedError(401, {}))).toBe(ExitCode.handshakeRefused);
    expect(exitCodeOfError(new HandshakeFailedError(101, {}, 'bad accept key'))).toBe(ExitCode.connectionFailed);
    expect(exitCodeOfError(new ConnectionFailedError(new Error('refused')))).toBe(ExitCode.connectionFailed);
    expect(exitCodeOfError(new TimedOutError('handshake', 10))).toBe(ExitCode.connectionFailed);
    expect(exitCodeOfError(new InvalidUrlError('x', 'not a URL'))).toBe(ExitCode.usage);
    expect(exitCodeOfStatus({ type: 'didFail', error: new UnimplementedError('send') })).toBe(ExitCode.failure);
  });

  it('are distinct', () => {
    const codes = Object.values(ExitCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
