/**
 * The opening handshake as a service sees it, before it decides: where the client asked to go and what it offered.
 *
 * @example
 * ```ts
 * const upgrade = (request: UpgradeRequest) =>
 *   request.headers.authorization === `Bearer ${token}` ? accept({ user: 'ada' }) : refuse(401)
 * ```
 */
export interface UpgradeRequest {
  /** The path the service is registered on (`/chat`), without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The request's headers, names in lower case, repeated ones joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The subprotocols the client offered (`Sec-WebSocket-Protocol`), in its order of preference. */
  readonly protocols: readonly string[];
  /** The client's address, as the socket sees it. */
  readonly remoteAddress: string | undefined;
}

/** Accept the connection, with the subprotocol chosen (one of those offered) and the context it will carry. */
export interface Accept<Context> {
  readonly accept: true;
  readonly context: Context;
  readonly protocol?: string;
}

/** Refuse the connection with an HTTP answer: a 401 for a missing token, a 429 with `retry-after`. */
export interface Refuse {
  readonly accept: false;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What a service's `upgrade` decides. */
export type UpgradeDecision<Context> = Accept<Context> | Refuse;

/**
 * Accepts an upgrade, attaching `context` to the connection (the authenticated user, say) and choosing `protocol`
 * among those the client offered. The chosen protocol is always echoed to the client.
 *
 * @example
 * ```ts
 * upgrade: (request) => (request.protocols.includes('chat.v2') ? accept({}, { protocol: 'chat.v2' }) : refuse(400))
 * ```
 */
export function accept<Context>(context: Context, options: { readonly protocol?: string } = {}): Accept<Context> {
  return options.protocol === undefined ? { accept: true, context } : { accept: true, context, protocol: options.protocol };
}

/**
 * Refuses an upgrade with an HTTP status (4xx or 5xx), optional headers and a body.
 *
 * @example
 * ```ts
 * upgrade: () => refuse(429, { headers: { 'retry-after': '5' }, body: 'slow down' })
 * ```
 */
export function refuse(
  status: number,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly body?: string } = {},
): Refuse {
  return { accept: false, status, ...options };
}
