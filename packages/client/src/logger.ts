/**
 * The logging the client needs: a subset of pino's `Logger`, so a pino logger fits as it is, and so does anything
 * shaped like it. The default is {@link silentLogger}.
 *
 * @example
 * ```ts
 * import pino from 'pino'
 * const client = createLiveClient({ logger: pino({ level: 'debug' }) })
 * ```
 */
export interface Logger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

const ignore = (): void => {};

/**
 * A {@link Logger} that drops everything.
 *
 * @example
 * ```ts
 * const client = createLiveClient({ logger: silentLogger })
 * ```
 */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
