import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Why an upgrade request is not a WebSocket handshake (RFC 6455 §4.2.1), with the HTTP answer it gets. */
export interface BadHandshake {
  readonly status: number;
  readonly reason: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const base64Key = /^[+/0-9A-Za-z]{22}==$/;

/** Checks what the RFC requires of the request before any service sees it: a bad one never reaches `upgrade`. */
export function checkHandshake(request: IncomingMessage): BadHandshake | undefined {
  if (request.method !== 'GET') return { status: 405, reason: 'a WebSocket handshake is a GET', headers: { allow: 'GET' } };
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return { status: 400, reason: 'missing or wrong Upgrade header' };
  const key = request.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !base64Key.test(key.trim())) return { status: 400, reason: 'missing or invalid Sec-WebSocket-Key' };
  const version = request.headers['sec-websocket-version'];
  if (version !== '13')
    return {
      status: version === undefined ? 400 : 426,
      reason: 'unsupported WebSocket version',
      headers: { 'sec-websocket-version': '13' },
    };
  return undefined;
}

/** The subprotocols a client offered, in order; undefined when the header is malformed (an empty or repeated name). */
export function offeredProtocols(request: IncomingMessage): string[] | undefined {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  const names = header.split(',').map((name) => name.trim());
  if (names.some((name) => !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) || new Set(names).size !== names.length) return undefined;
  return names;
}

/** Answers an upgrade request with plain HTTP and ends the connection: a refusal, a 404, a bad handshake. */
export function answer(socket: Duplex, status: number, headers: Readonly<Record<string, string>> = {}, body = ''): void {
  if (!socket.writable) return void socket.destroy();
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'connection: close',
    'content-type: text/plain; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
  ];
  for (const [name, value] of Object.entries(headers)) if (!/[\r\n]/.test(name + value)) head.push(`${name}: ${value}`);
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** The headers whose values most connections share (`websocket`, `13`, the host, a browser's user agent). */
const commonHeaders: ReadonlySet<string> = new Set([
  'host',
  'upgrade',
  'connection',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'origin',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'pragma',
]);

/** One string per common header value: every open connection keeps its headers, and the same text copied into each
 * of them counts (idle memory). Bounded, and only for the headers above, never a key, a cookie or a credential. */
const sharedValues = new Map<string, string>();
const maxSharedValues = 1_024;
const maxSharedLength = 256;

function shared(name: string, value: string): string {
  if (!commonHeaders.has(name) || value.length > maxSharedLength) return value;
  const known = sharedValues.get(value);
  if (known !== undefined) return known;
  if (sharedValues.size < maxSharedValues) sharedValues.set(value, value);
  return value;
}

/** The request's headers, names in lower case, repeated ones joined. */
export function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = shared(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
