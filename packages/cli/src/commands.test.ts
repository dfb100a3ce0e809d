import { Frame } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { parseCommand } from './commands.js';

describe('parseCommand', () => {
  it('sends a plain line as text, or as binary with --binary', () => {
    expect(parseCommand('hello', undefined)).toEqual({ type: 'send', frame: Frame.text('hello') });
    expect(parseCommand('', undefined)).toEqual({ type: 'send', frame: Frame.text('') });
    expect(parseCommand('01 ff', 'hex')).toEqual({ type: 'send', frame: Frame.binary(Uint8Array.from([1, 255])) });
    expect(parseCommand('AP8=', 'base64')).toEqual({ type: 'send', frame: Frame.binary(Uint8Array.from([0, 255])) });
    expect(parseCommand('xyz', 'hex')).toMatchObject({ type: 'invalid', message: expect.stringContaining('not hex') });
  });

  it('reads /close with an optional code and reason', () => {
    expect(parseCommand('/close', undefined)).toEqual({ type: 'close', code: 1000, reason: '' });
    expect(parseCommand('/close 4000 bye now', undefined)).toEqual({ type: 'close', code: 4000, reason: 'bye now' });
    expect(parseCommand('/quit', undefined)).toEqual({ type: 'close', code: 1000, reason: '' });
    expect(parseCommand('/close bye', undefined)).toMatchObject({ type: 'invalid' });
  });

  it('reads /ping and /pong with an optional payload of at most 125 bytes', () => {
    expect(parseCommand('/ping', undefined)).toEqual({ type: 'ping', data: new Uint8Array() });
    expect(parseCommand('/ping hi', undefined)).toEqual({ type: 'ping', data: new TextEncoder().encode('hi') });
    expect(parseCommand('/pong x', undefined)).toEqual({ type: 'pong', data: new TextEncoder().encode('x') });
    expect(parseCommand(`/ping ${'x'.repeat(126)}`, undefined)).toMatchObject({ type: 'invalid', message: expect.stringContaining('125') });
  });

  it('escapes a leading slash, and sends text or binary explicitly', () => {
    expect(parseCommand('//close', undefined)).toEqual({ type: 'send', frame: Frame.text('/close') });
    expect(parseCommand('/text /close', undefined)).toEqual({ type: 'send', frame: Frame.text('/close') });
    expect(parseCommand('/binary 00 01', undefined)).toEqual({ type: 'send', frame: Frame.binary(Uint8Array.from([0, 1])) });
  });

  it('answers an unknown command with a hint, and /help', () => {
    expect(parseCommand('/nope', undefined)).toMatchObject({ type: 'invalid', message: expect.stringContaining('//nope') });
    expect(parseCommand('/help', undefined)).toEqual({ type: 'help' });
  });
});
