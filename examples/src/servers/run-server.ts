import type { Logger } from '@aws/client';
import { defaultHost, parseListenAddress } from './listen-address.js';
import { serve, serveOnSocketPath, type ServeOptions, type ServiceOf } from './serve.js';

/** Where a server ended up listening, for its start line. */
export type BoundAddress = { readonly host: string; readonly port: number } | { readonly path: string };

/** `host:port`, or the socket path. */
export function formatBoundAddress(bound: BoundAddress): string {
  return 'path' in bound ? bound.path : `${bound.host}:${bound.port}`;
}

/** What a server program prints of the server's own log: its warnings and errors (a handler that failed, a socket
 * error), on stderr. */
export const consoleLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (object, message) => console.error(`warning: ${message ?? ''}`, object),
  error: (object, message) => console.error(`error: ${message ?? ''}`, object),
};

/**
 * Runs a server as a program: listens where the command line says (see {@link parseListenAddress}), prints
 * `announce(bound)`, and on Ctrl-C (or SIGTERM) says goodbye to its clients, closes, and lets the program end.
 */
export async function runServer<Context>(
  service: ServiceOf<Context>,
  announce: (bound: BoundAddress) => string,
  options: ServeOptions = {},
  args: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const address = parseListenAddress(args);
  const serveOptions = { logger: consoleLogger, ...options };
  let close: () => Promise<void>;
  if ('path' in address) {
    ({ close } = await serveOnSocketPath(service, address, serveOptions));
    console.log(announce(address));
  } else {
    const server = await serve(service, address, serveOptions);
    close = server.close;
    console.log(announce({ host: address.host ?? defaultHost, port: server.port }));
  }
  const stop = (): void => void close().then(() => console.log('Server closed'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
