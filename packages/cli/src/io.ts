/** A readable stream as `process.stdin` is one, with its terminal flag. */
export type InputStream = NodeJS.ReadableStream & { readonly isTTY?: boolean };

/** A writable stream as `process.stdout` is one, with its terminal flag. */
export type OutputStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/**
 * What `aws-ws` talks to: the standard streams, the environment, and where signals come from. The binary passes
 * `process`; a test passes streams of its own.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, signals: process }
 * ```
 */
export interface CliIo {
  readonly stdin: InputStream;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where SIGINT and SIGTERM come from, to end the session cleanly; none in a test. */
  readonly signals?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Listens for SIGINT and SIGTERM; the function returned stops listening. */
export function onTermination(io: CliIo, handler: () => void): () => void {
  const { signals } = io;
  if (signals === undefined) return () => {};
  signals.on('SIGINT', handler);
  signals.on('SIGTERM', handler);
  return () => {
    signals.off('SIGINT', handler);
    signals.off('SIGTERM', handler);
  };
}
