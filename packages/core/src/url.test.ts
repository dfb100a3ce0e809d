import { EmptyUrlError, InvalidUrlError } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { resolveUrl } from './url.js';

describe('resolveUrl', () => {
  it('keeps path and query, and puts a separate port in the authority (not after the path as the seed did)', () => {
    expect(resolveUrl({ url: 'ws://example.com/path?room=1', port: 8888 }).href).toBe('ws://example.com:8888/path?room=1');
  });

  it('leaves a URL without port alone, so ws and wss default to 80 and 443', () => {
    const url = resolveUrl({ url: 'wss://example.com' });
    expect(url.port).toBe('');
    expect(url.protocol).toBe('wss:');
  });

  it('rejects an empty URL with EmptyUrlError', () => {
    expect(() => resolveUrl({ url: '' })).toThrow(EmptyUrlError);
    expect(() => resolveUrl({ url: '   ' })).toThrow(EmptyUrlError);
  });

  it.each(['ooo://localhost', 'http://localhost', 'localhost:8888', 'ws://', 'ws://host/#fragment'])(
    'rejects %j with InvalidUrlError',
    (url) => {
      expect(() => resolveUrl({ url })).toThrow(InvalidUrlError);
    },
  );

  it.each([0, -1, 65536, 1.5, Number.NaN])('rejects port %j with InvalidUrlError', (port) => {
    expect(() => resolveUrl({ url: 'ws://localhost', port })).toThrow(InvalidUrlError);
  });
});
