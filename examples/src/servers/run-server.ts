import { defaultHost, parseListenAddress } from './listen-address.js';
import { serve, serveOnSocketPath, type OnConnection } from './serve.js';

/** Where a server ended up listening, for its start line. */
export type BoundAddress = { readonly host: string; readonly port: number } | { readonly path: string };

/** `host:port`, or the socket path. */
export function formatBoundAddress(bound: BoundAddress): string {
  return 'path' in bound ? bound.path : `${bound.host}:${bound.port}`;
}

/**
 * Runs a server as a program: listens where the command line says (see {@link parseListenAddress}), prints
 * `announce(bound)`, and on Ctrl-C (or SIGTERM) says goodbye to its clients, closes, and lets the program end.
 */
export async function runServer(
  onConnection: OnConnection,
  announce: (bound: BoundAddress) => string,
  args: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const address = parseListenAddress(args);
  let close: () => Promise<void>;
  if ('path' in address) {
    ({ close } = await serveOnSocketPath(onConnection, address));
    console.log(announce(address));
  } else {
    const server = await serve(onConnection, address);
    close = server.close;
    console.log(announce({ host: address.host ?? defaultHost, port: server.port }));
  }
  const stop = (): void => void close().then(() => console.log('Server closed'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
