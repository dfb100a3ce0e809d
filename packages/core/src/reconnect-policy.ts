import { HandshakeFailedError, type ReconnectContext } from '@aws/client';
import { backoffDelay, retryAfter, type Backoff } from './backoff.js';

/** Close codes after which coming back is worth it: the connection dropped or the server is restarting or busy. */
const retryableCloseCodes = new Set([1001, 1005, 1006, 1011, 1012, 1013, 1014]);

/**
 * Decides whether to reconnect, and after how long: the user's `shouldReconnect` first, then the default policy
 * (see `ReconnectOptions`). Returns the delay in ms, or undefined to give up.
 */
export function reconnectDelay(context: ReconnectContext, backoff: Backoff): number | undefined {
  if (context.attempt > backoff.maxAttempts) return undefined;
  const decision = backoff.shouldReconnect?.(context);
  if (decision === false) return undefined;
  if (typeof decision === 'object') return Math.max(0, decision.delay);
  if (decision === true) return backoffDelay(context.attempt, backoff);
  return defaultDelay(context, backoff);
}

function defaultDelay(context: ReconnectContext, backoff: Backoff): number | undefined {
  const { close, error } = context;
  if (close !== undefined) return retryableCloseCodes.has(close.code) ? backoffDelay(context.attempt, backoff) : undefined;
  if (error instanceof HandshakeFailedError) return handshakeDelay(error, context.attempt, backoff);
  switch (error?._tag) {
    case 'ConnectionFailedError':
    case 'TimedOutError':
      return backoffDelay(context.attempt, backoff);
    default:
      return undefined;
  }
}

function handshakeDelay(error: HandshakeFailedError, attempt: number, backoff: Backoff): number | undefined {
  const status = error.status;
  if (status === 429 || status === 503) return retryAfter(error.headers) ?? backoffDelay(attempt, backoff);
  if (status === 408 || (status !== undefined && status >= 500)) return backoffDelay(attempt, backoff);
  return undefined;
}
