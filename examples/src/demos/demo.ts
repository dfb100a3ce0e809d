import type { ConnectionStatus, ID, Settings, Stream, WebSocketClient } from '@aws/client';

/** What every demo takes besides the client and the URL. */
export interface DemoOptions {
  /** Where the demo writes its lines. @default console.log */
  readonly print?: (line: string) => void;
  /** Ends the demo: its connection is closed with 1000 (normalClosure). Ctrl-C aborts it in the programs. */
  readonly signal?: AbortSignal;
}

/** A demo: it runs until its connection ends, or until `options.signal` ends it. */
export type Demo<Options extends DemoOptions = DemoOptions> = (client: WebSocketClient, url: string, options?: Options) => Promise<void>;

/** A connection a demo opened: its id and status stream. Disposing it stops listening to the demo's signal. */
export interface DemoConnection extends Disposable {
  readonly id: ID;
  readonly statuses: Stream<ConnectionStatus>;
}

/**
 * Opens a connection that `signal` closes with 1000, also when it is still opening or the signal has already fired.
 *
 * @example
 * ```ts
 * using connection = openUntilAborted(client, { id: ID(), url }, options.signal)
 * for await (const status of connection.statuses) console.log(status.type)
 * ```
 */
export function openUntilAborted(client: WebSocketClient, settings: Settings, signal: AbortSignal | undefined): DemoConnection {
  const statuses = client.open(settings);
  // The connection may already have ended when the signal fires: then there is nothing left to close.
  const stop = (): void => void client.close(settings.id).catch(() => {});
  if (signal?.aborted === true) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  return { id: settings.id, statuses, [Symbol.dispose]: () => signal?.removeEventListener('abort', stop) };
}
