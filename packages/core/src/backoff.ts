import type { ReconnectOptions } from '@aws/client';

/** The reconnect options with their defaults filled in. */
export type Backoff = Required<Omit<ReconnectOptions, 'shouldReconnect'>> & Pick<ReconnectOptions, 'shouldReconnect'>;

export function backoffOptions(reconnect: boolean | ReconnectOptions | undefined): Backoff | undefined {
  if (reconnect === undefined || reconnect === false) return undefined;
  const options = reconnect === true ? {} : reconnect;
  return {
    minDelay: options.minDelay ?? 500,
    maxDelay: options.maxDelay ?? 30_000,
    factor: options.factor ?? 2,
    maxAttempts: options.maxAttempts ?? Number.POSITIVE_INFINITY,
    minUptime: options.minUptime ?? 5_000,
    random: options.random ?? Math.random,
    ...(options.shouldReconnect === undefined ? {} : { shouldReconnect: options.shouldReconnect }),
  };
}

/**
 * The delay before attempt `attempt` (from 1): exponential backoff with full jitter. The window grows from
 * `minDelay` by `factor` per attempt up to `maxDelay`, and the delay is drawn uniformly inside it, so clients that
 * lost the same server at the same moment do not all come back at the same moment.
 */
export function backoffDelay(attempt: number, backoff: Backoff): number {
  const ceiling = Math.min(backoff.maxDelay, backoff.minDelay * backoff.factor ** Math.max(0, attempt - 1));
  return Math.round(backoff.minDelay + backoff.random() * Math.max(0, ceiling - backoff.minDelay));
}

/** The delay a `Retry-After` header asks for (seconds or an HTTP date), in ms; undefined when absent or unreadable. */
export function retryAfter(headers: Readonly<Record<string, string>>, now = Date.now()): number | undefined {
  const value = headers['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
