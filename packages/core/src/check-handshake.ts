import { InvalidSettingsError } from '@aws/client';

// RFC 9110 §5.6.2: a token is one or more of these; header names and subprotocols (RFC 6455 §4.1) are tokens.
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A field value may not hold CR, LF or NUL (RFC 9110 §5.5): they would split or end the request head.
const unsafeValue = /[\r\n\0]/;

/** Checks handshake headers before they reach the wire: a bad one is a typed error, not a throw from inside Node. */
export function checkHeaders(headers: unknown): Readonly<Record<string, string>> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new InvalidSettingsError('headers', headers, 'an object of header names to string values');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!token.test(name)) throw new InvalidSettingsError('headers', name, 'header names that are HTTP tokens');
    if (typeof value !== 'string' || unsafeValue.test(value)) {
      throw new InvalidSettingsError(`headers.${name}`, value, 'a string without CR, LF or NUL');
    }
  }
  return headers as Readonly<Record<string, string>>;
}

/** Checks subprotocols: non-empty HTTP tokens (no space, no comma), each offered once. */
export function checkProtocols(protocols: unknown): readonly string[] {
  if (!Array.isArray(protocols)) throw new InvalidSettingsError('protocols', protocols, 'an array of subprotocol names');
  const seen = new Set<string>();
  for (const protocol of protocols) {
    if (typeof protocol !== 'string' || !token.test(protocol)) {
      throw new InvalidSettingsError('protocols', protocol, 'subprotocol names that are HTTP tokens (no space, comma or empty name)');
    }
    if (seen.has(protocol)) throw new InvalidSettingsError('protocols', protocol, 'subprotocol names offered once each');
    seen.add(protocol);
  }
  return protocols as readonly string[];
}
