/** Where a server listens: a host and port, or a unix-domain socket path. */
export type ListenAddress = TcpAddress | SocketPath;

export interface TcpAddress {
  /** @default 'localhost' */
  readonly host?: string;
  /** `0` picks a free port. @default 8888 */
  readonly port?: number;
}

export interface SocketPath {
  readonly path: string;
}

export const defaultHost = 'localhost';
export const defaultPort = 8888;

/**
 * Reads the command line of the Swift servers: `host port`, or `port` alone, or a single argument that is not a number,
 * which is the path of a unix-domain socket; with no argument, localhost:8888.
 *
 * @example
 * ```ts
 * parseListenAddress(['0.0.0.0', '9000']) // { host: '0.0.0.0', port: 9000 }
 * parseListenAddress(['/tmp/echo.sock'])  // { path: '/tmp/echo.sock' }
 * ```
 */
export function parseListenAddress(args: readonly string[]): ListenAddress {
  const [first, second] = args;
  if (first === undefined) return { host: defaultHost, port: defaultPort };
  if (second !== undefined) return { host: first, port: parsePort(second) };
  if (!isNumber(first)) return { path: first };
  return { host: defaultHost, port: parsePort(first) };
}

function isNumber(text: string): boolean {
  return /^\d+$/.test(text);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!isNumber(text) || port > 65_535) throw new RangeError(`not a port number: ${JSON.stringify(text)}`);
  return port;
}
