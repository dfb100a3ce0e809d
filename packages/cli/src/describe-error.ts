import { STATUS_CODES } from 'node:http';
import type { WebSocketClientError } from '@aws/client';

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

const tlsHint = '(--ca <file> trusts its certificate authority, --insecure skips the verification)';

/**
 * A failure to connect, in the words a person reads in a terminal: what went wrong and, where it helps, what to do.
 * Never a stack trace.
 */
export function describeError(error: WebSocketClientError, url: string): string {
  switch (error._tag) {
    case 'HandshakeFailedError': {
      if (error.status === undefined || error.status === 101) return `the handshake with ${url} failed: ${error.message}`;
      const name = STATUS_CODES[error.status];
      return `the server refused the connection to ${url}: HTTP ${error.status}${name === undefined ? '' : ` ${name}`}`;
    }
    case 'ConnectionFailedError': {
      const known = error.code === undefined ? undefined : networkCodes[error.code];
      if (known !== undefined) return `cannot connect to ${url}: ${known} (${error.code})`;
      const tls = error.code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code);
      return `cannot connect to ${url}: ${error.message}${tls ? ` ${tlsHint}` : ''}`;
    }
    case 'TimedOutError':
      return `cannot connect to ${url}: ${error.message}`;
    case 'InvalidSettingsError':
      return `an option is out of range: ${error.message}`;
    default:
      return `${url}: ${error.message}`;
  }
}
