import { describe, expect, it } from 'vitest';
import { parseListenAddress } from './listen-address.js';

describe('parseListenAddress', () => {
  it('defaults to localhost:8888', () => {
    expect(parseListenAddress([])).toEqual({ host: 'localhost', port: 8888 });
  });

  it('reads host and port', () => {
    expect(parseListenAddress(['0.0.0.0', '9000'])).toEqual({ host: '0.0.0.0', port: 9000 });
  });

  it('reads a port alone', () => {
    expect(parseListenAddress(['9001'])).toEqual({ host: 'localhost', port: 9001 });
  });

  it('reads a single argument that is not a number as a unix socket path', () => {
    expect(parseListenAddress(['/tmp/echo.sock'])).toEqual({ path: '/tmp/echo.sock' });
  });

  it('refuses a port that is not one', () => {
    expect(() => parseListenAddress(['localhost', 'http'])).toThrow('not a port number: "http"');
    expect(() => parseListenAddress(['localhost', '70000'])).toThrow(RangeError);
  });
});
