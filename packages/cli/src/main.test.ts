import { describe, expect, it, vi } from 'vitest';
import * as connectModule from './connect.js';
import { ExitCode } from './exit-code.js';
import { onTermination } from './io.js';
import { runCli } from './main.js';
import { testIo } from './testing/io.js';

describe('runCli', () => {
  it('prints the help on stdout and the usage errors on stderr, with their exit codes', async () => {
    const help = testIo();
    expect(await runCli(['node', 'aws-ws', '--help'], help)).toBe(ExitCode.ok);
    expect(help.stdout.text).toContain('Usage: aws-ws');
    const bad = testIo();
    expect(await runCli(['node', 'aws-ws', '--count', 'x', 'ws://h'], bad)).toBe(ExitCode.usage);
    expect(bad.stderr.text).toMatch(/^error: option '-n, --count <n>' argument 'x' is invalid/);
  });

  it('turns an unexpected error into exit code 1 and one line, with the stack only under AWS_WS_DEBUG', async () => {
    vi.spyOn(connectModule, 'connect').mockRejectedValue(new Error('a bug'));
    const quiet = testIo();
    expect(await runCli(['node', 'aws-ws', 'ws://127.0.0.1:1'], quiet)).toBe(ExitCode.failure);
    expect(quiet.stderr.text).toBe('error: unexpected: Error: a bug\n(please report it; AWS_WS_DEBUG=1 shows where it happened)\n');
    const debug = testIo({ env: { AWS_WS_DEBUG: '1' } });
    expect(await runCli(['node', 'aws-ws', 'ws://127.0.0.1:1'], debug)).toBe(ExitCode.failure);
    expect(debug.stderr.text).toMatch(/Error: a bug\n\s+at /);
  });
});

describe('onTermination', () => {
  it('calls back on SIGINT and SIGTERM until stopped, and does nothing without signals', () => {
    const io = testIo();
    const handler = vi.fn();
    const stop = onTermination(io, handler);
    io.signals.emit('SIGINT');
    io.signals.emit('SIGTERM');
    stop();
    io.signals.emit('SIGINT');
    expect(handler).toHaveBeenCalledTimes(2);
    expect(io.signals.listenerCount('SIGINT')).toBe(0);
    const { signals: _, ...withoutSignals } = io;
    expect(() => onTermination(withoutSignals, handler)()).not.toThrow();
  });
});
