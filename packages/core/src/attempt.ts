import type { PerAttempt } from '@aws/client';
import { checkHeaders, checkProtocols } from './check-handshake.js';
import type { ResolvedSettings } from './resolve-settings.js';
import { resolveUrl } from './url.js';

/** What one attempt to connect dials: the per-attempt settings, evaluated and checked. */
export interface Attempt {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly protocols: readonly string[];
}

const isProvided = <T>(value: PerAttempt<T>): value is () => T | Promise<T> => typeof value === 'function';

/** True when url, headers and protocols are plain values, so an attempt can be dialled without waiting. */
export function isStatic(settings: ResolvedSettings): boolean {
  return !isProvided(settings.url) && !isProvided(settings.headers) && !isProvided(settings.protocols);
}

/** Evaluates the settings of a static attempt at once; throws the URL errors synchronously (headers and protocols
 * were checked by `resolveSettings`). */
export function staticAttempt(settings: ResolvedSettings): Attempt {
  return {
    url: resolveUrl({ url: settings.url as string, ...(settings.port === undefined ? {} : { port: settings.port }) }),
    headers: settings.headers as Readonly<Record<string, string>>,
    protocols: settings.protocols as readonly string[],
  };
}

/** Evaluates url, headers and protocols for one attempt, calling the functions among them (a token refresh, say),
 * and checks what they gave as `open` checks plain values. */
export async function evaluateAttempt(settings: ResolvedSettings): Promise<Attempt> {
  const [url, headers, protocols] = await Promise.all([evaluate(settings.url), evaluate(settings.headers), evaluate(settings.protocols)]);
  return {
    url: resolveUrl({ url, ...(settings.port === undefined ? {} : { port: settings.port }) }),
    headers: isProvided(settings.headers) ? checkHeaders(headers) : headers,
    protocols: isProvided(settings.protocols) ? checkProtocols(protocols) : protocols,
  };
}

async function evaluate<T>(value: PerAttempt<T>): Promise<T> {
  return isProvided(value) ? await value() : value;
}
