import { describe, expect, it } from 'vitest';
import { ConnectionFailedError, HandshakeFailedError, WebSocketError, type WebSocketClientError } from './errors.js';
import { ID } from './id.js';

describe('errors', () => {
  it('are Errors and WebSocketErrors, named after their tag', () => {
    const error = new HandshakeFailedError(401, { 'www-authenticate': 'Bearer' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(WebSocketError);
    expect(error.name).toBe('HandshakeFailedError');
    expect(error.message).toBe('the server answered the handshake with HTTP 401');
  });

  it('keep the system error code and cause of a failed connection', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = new ConnectionFailedError(cause);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.cause).toBe(cause);
  });

  it('narrow on _tag', () => {
    const describe = (error: WebSocketClientError): string => (error._tag === 'HandshakeFailedError' ? `HTTP ${error.status}` : error._tag);
    expect(describe(new HandshakeFailedError(503, {}))).toBe('HTTP 503');
  });
});

describe('ID', () => {
  it('makes fresh unique ids, or takes the one given', () => {
    const ids = new Set(Array.from({ length: 100 }, () => ID()));
    expect(ids.size).toBe(100);
    expect(ID('prices')).toBe('prices');
  });
});
