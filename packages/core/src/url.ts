import { EmptyUrlError, InvalidUrlError, type Settings } from '@aws/client';

/**
 * Turns the settings' url and port into the URL to dial. Unlike the Swift library, a separate `port` replaces the
 * URL's port instead of being appended to the end of the string, so path and query survive; a URL without a port
 * dials 80 or 443 from its scheme.
 */
export function resolveUrl(settings: Pick<Settings, 'url' | 'port'>): URL {
  const { url, port } = settings;
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
  if (port !== undefined) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidUrlError(url, `invalid port ${port}`);
    parsed.port = String(port);
  }
  return parsed;
}
