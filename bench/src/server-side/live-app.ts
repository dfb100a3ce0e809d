/**
 * The project's server, `createLiveServer()` from `@aws/server-live` with its defaults, imported from `entry` (the
 * package's sources, its built dist, or with `--compare` the dist of the ref's tree): the echo service of the README,
 * and `server.broadcast(path, frame)`.
 *
 * Only the few members used here are typed, by hand, so that the benchmark type-checks without the package in its
 * own dependencies and runs against any build that has this API.
 */
import { pathToFileURL } from 'node:url';
import { servedPaths, type ServerApp } from './app.js';

type Message = { readonly type: 'text'; readonly text: string } | { readonly type: 'binary'; readonly data: Uint8Array };
type Frame = { readonly type: 'message'; readonly message: Message };
interface Connection {
  send(frame: Frame): Promise<void>;
}
interface Service {
  received?(message: Message, connection: Connection): void | Promise<void>;
}
interface LiveServer {
  register(path: string, service: Service): void;
  connections(path?: string): readonly unknown[];
  broadcast(
    path: string,
    frame: Frame,
  ): { readonly delivered: number; readonly skipped: readonly unknown[]; readonly closed: readonly unknown[] };
  listen(options: { readonly port: number; readonly host: string }): Promise<{ readonly port: number }>;
}

/** The echo of the README's "Testing a service": the handler returns the send, so the next message waits for it. */
const echo: Service = { received: (message, connection) => connection.send({ type: 'message', message }) };

export async function startApp(entry: string): Promise<ServerApp> {
  const module = (await import(pathToFileURL(entry).href)) as { createLiveServer: () => LiveServer };
  const server = module.createLiveServer();
  for (const path of servedPaths) server.register(path, echo);
  const { port } = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    port,
    broadcast(path, text) {
      const result = server.broadcast(path, { type: 'message', message: { type: 'text', text } });
      if (result.skipped.length + result.closed.length > 0) {
        throw new Error(`broadcast: ${result.skipped.length} skipped, ${result.closed.length} closed as too slow`);
      }
      return result.delivered;
    },
    connections: (path) => server.connections(path).length,
  };
}
