import type { Service } from '@aws/server';
import { createLiveServer, type LiveServer } from '@aws/server-live';

/** A live server of the project on 127.0.0.1 with one service on `/rpc`, for the tests. */
export interface RpcTestServer extends AsyncDisposable {
  readonly server: LiveServer;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `service` on `/rpc` at 127.0.0.1 (port 0 for a free one, or a given port to restart on it). */
export async function serveRpc(service: Service<never> | Service, port = 0): Promise<RpcTestServer> {
  const server = createLiveServer();
  server.register('/rpc', service as Service);
  const address = await server.listen({ host: '127.0.0.1', port });
  const close = (): Promise<void> => server.close({ timeout: 200 });
  return { server, url: `${address.url}/rpc`, port: address.port, close, [Symbol.asyncDispose]: close };
}
