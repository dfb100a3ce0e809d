import { EmptyUrlError, InvalidUrlError } from './errors.js';

/**
 * Parses a WebSocket URL as every client of this project checks it: not empty, parseable, `ws:` or `wss:`, with a
 * host and without a fragment. One definition for the client's `open` and for the layers that build URLs per attempt
 * (a session's query), so a bad URL is the same typed error everywhere.
 *
 * @throws {@link EmptyUrlError}, {@link InvalidUrlError}
 * @example
 * ```ts
 * const url = parseWebSocketUrl('ws://localhost:8080/chat?room=1') // a URL
 * parseWebSocketUrl('http://localhost') // throws InvalidUrlError: the scheme must be ws: or wss:
 * ```
 */
export function parseWebSocketUrl(url: string): URL {
  if (typeof url !== 'string' || url.trim() === '') throw new EmptyUrlError();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidUrlError(url, 'not a URL');
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new InvalidUrlError(url, `the scheme must be ws: or wss:, not ${parsed.protocol}`);
  }
  if (parsed.hostname === '') throw new InvalidUrlError(url, 'no host');
  if (parsed.hash !== '') throw new InvalidUrlError(url, 'a WebSocket URL may not have a fragment');
  return parsed;
}
