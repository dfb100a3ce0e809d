import { parseWebSocketUrl } from '@aws/client';
import { protocolVersion, query } from './wire.js';

/**
 * Checks a URL given as a string the way the client's `open` does, so that a bad one throws its typed error at once:
 * the session hands the client a function (the query changes with every attempt), which the client can only check
 * per attempt.
 */
export function checkUrl(url: string): void {
  parseWebSocketUrl(url);
}

/** The URL of one attempt: the application's, with the session's query parameters (its own are kept). A URL that
 * does not parse is returned as it is, for the client to refuse with its typed error. */
export function withSessionQuery(url: string, resume: { readonly id: string; readonly received: number } | undefined): string {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return url;
  }
  target.searchParams.set(query.version, protocolVersion);
  if (resume !== undefined) {
    target.searchParams.set(query.id, resume.id);
    target.searchParams.set(query.received, String(resume.received));
  }
  return target.toString();
}
