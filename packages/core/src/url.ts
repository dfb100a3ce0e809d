import { InvalidUrlError, parseWebSocketUrl, type Settings } from '@aws/client';

/**
 * Turns the settings' url and port into the URL to dial. Unlike the Swift library, a separate `port` replaces the
 * URL's port instead of being appended to the end of the string, so path and query survive; a URL without a port
 * dials 80 or 443 from its scheme.
 */
export function resolveUrl(settings: Pick<Settings, 'url' | 'port'>): URL {
  // Per-attempt functions are called before this; anything but a string left here is refused as no URL.
  const url = settings.url as string;
  const { port } = settings;
  const parsed = parseWebSocketUrl(url);
  if (port !== undefined) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidUrlError(url, `invalid port ${port}`);
    parsed.port = String(port);
  }
  return parsed;
}
