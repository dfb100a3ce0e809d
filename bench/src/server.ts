import { startChild, type ChildOptions } from './child.js';

/** The frame server process of `server/frame-server.ts`, from the orchestrator's side. */
export interface BenchServer {
  /** The ws: URL of a route, e.g. `url('/flood/1024')`. */
  url(path: string): string;
  /** The server process, for pinning it to a core. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export async function startServer(options: ChildOptions = {}): Promise<BenchServer> {
  const child = startChild('server/frame-server.ts', [], options);
  const { port } = await child.next<{ port: number }>();
  return { url: (path) => `ws://127.0.0.1:${port}${path}`, pid: child.pid, stop: () => child.stop() };
}
