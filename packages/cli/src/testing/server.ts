import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { accept, type Service, type ServerConnection } from '@aws/server';
import { createLiveServer, type LiveServer } from '@aws/server-live';

/** A self-signed certificate for localhost and 127.0.0.1 (valid for a century), made with openssl for these tests. */
export const certificatePath = fileURLToPath(new URL('./localhost-cert.pem', import.meta.url));
const keyPath = fileURLToPath(new URL('./localhost-key.pem', import.meta.url));

/** A live server of the project on 127.0.0.1, with one service on `/`. */
export interface TestServer {
  readonly server: LiveServer;
  readonly url: string;
  readonly port: number;
  /** The connections the service has seen, in order. */
  readonly seen: ServerConnection<unknown>[];
  close(): Promise<void>;
}

/** Echoes every message back. */
const echo: Service = { received: (message, connection) => connection.send({ type: 'message', message }) };

/** Starts a server with `service` on `/`, on `port` (0 picks a free one); `wss:` with the certificate above. */
export async function startTestServer(
  service: Service<unknown> = echo,
  port = 0,
  options: { readonly tls?: boolean } = {},
): Promise<TestServer> {
  const server = createLiveServer(options.tls ? { tls: { cert: readFileSync(certificatePath), key: readFileSync(keyPath) } } : {});
  const seen: ServerConnection<unknown>[] = [];
  server.register('/', {
    ...service,
    upgrade:
      service.upgrade ?? ((request) => accept(undefined, request.protocols[0] === undefined ? {} : { protocol: request.protocols[0] })),
    connected: (connection) => {
      seen.push(connection);
      return service.connected?.(connection);
    },
  });
  const address = await server.listen({ port, host: '127.0.0.1' });
  return {
    server,
    url: `${options.tls ? 'wss' : 'ws'}://127.0.0.1:${address.port}/`,
    port: address.port,
    seen,
    close: () => server.close({ timeout: 500 }),
  };
}
