import { describe, expect, it } from 'vitest';
import { EmptyUrlError, InvalidUrlError } from './errors.js';
import { parseWebSocketUrl } from './websocket-url.js';

describe('parseWebSocketUrl', () => {
  it('parses ws: and wss: URLs with their path and query', () => {
    expect(parseWebSocketUrl('ws://localhost:8080/chat?room=1').searchParams.get('room')).toBe('1');
    expect(parseWebSocketUrl('wss://example.com').protocol).toBe('wss:');
  });

  it.each([
    ['', EmptyUrlError],
    ['   ', EmptyUrlError],
    ['not a url', InvalidUrlError],
    ['http://localhost', InvalidUrlError],
    ['ws://localhost/#part', InvalidUrlError],
  ])('refuses %j with its typed error', (url, error) => {
    expect(() => parseWebSocketUrl(url)).toThrow(error);
  });

  it('refuses what is not a string as no URL, for a caller in plain JavaScript', () => {
    expect(() => parseWebSocketUrl(42 as unknown as string)).toThrow(EmptyUrlError);
  });
});
