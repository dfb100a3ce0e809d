import type { ConnectionStatus, WebSocketClientError } from '@aws/client';

/**
 * The exit codes of `aws-ws`: how the session ended, so that a script can tell a normal end from a failure without
 * reading the output.
 *
 * | code | name | when |
 * |---|---|---|
 * | 0 | `ok` | closed with 1000 by either side (end of input, `/close`, `--count` reached, Ctrl-C), or a server stopped by a signal |
 * | 1 | `failure` | an unexpected error (a bug: please report it) |
 * | 2 | `usage` | a bad option or argument, a bad URL |
 * | 3 | `connectionFailed` | no connection: refused, unknown host, TLS verification, handshake timeout |
 * | 4 | `handshakeRefused` | the server answered the upgrade with an HTTP status (401, 403, 404...) |
 * | 5 | `closedAbnormally` | closed with a code other than 1000 (1001, 1011, 4000...) |
 * | 6 | `dropped` | the connection dropped without a closing handshake (1006), a heartbeat timeout included |
 * | 7 | `timedOut` | `--timeout` elapsed before `--count` messages arrived, or before the connection opened |
 *
 * @example
 * ```ts
 * if (await runCli(['node', 'aws-ws', url]) === ExitCode.handshakeRefused) console.error('check your token')
 * ```
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  connectionFailed: 3,
  handshakeRefused: 4,
  closedAbnormally: 5,
  dropped: 6,
  timedOut: 7,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code for a connection that ended with this close code. */
function exitCodeOfClose(code: number): ExitCode {
  if (code === 1000) return ExitCode.ok;
  if (code === 1006) return ExitCode.dropped;
  return ExitCode.closedAbnormally;
}

/** The exit code for a connection that failed with this error (before or after it was connected). */
export function exitCodeOfError(error: WebSocketClientError): ExitCode {
  switch (error._tag) {
    case 'HandshakeFailedError':
      return error.status === undefined || error.status === 101 ? ExitCode.connectionFailed : ExitCode.handshakeRefused;
    case 'ConnectionFailedError':
    case 'TimedOutError':
    case 'AbortedError':
      return ExitCode.connectionFailed;
    case 'EmptyUrlError':
    case 'InvalidUrlError':
    case 'InvalidSettingsError':
      return ExitCode.usage;
    default:
      return ExitCode.failure;
  }
}

/** The exit code for a final status of the connection. */
export function exitCodeOfStatus(status: Extract<ConnectionStatus, { type: 'didClose' | 'didFail' }>): ExitCode {
  return status.type === 'didClose' ? exitCodeOfClose(status.code) : exitCodeOfError(status.error);
}
