/**
 * What a measured server process runs: the same application on the project's server and on raw `ws`. Both serve an
 * echo service on `/echo` and on `/broadcast` (every text or binary message sent back as it came), and broadcast a
 * text message to every connection of a path when the orchestrator asks.
 */
export interface ServerApp {
  readonly port: number;
  /** Sends `text` to every open connection of `path`; returns to how many. */
  broadcast(path: string, text: string): number;
  /** The open connections of `path`, as the server counts them. */
  connections(path: string): number;
}

/** The paths both servers serve, with the echo service. */
export const servedPaths = ['/echo', '/broadcast'] as const;
