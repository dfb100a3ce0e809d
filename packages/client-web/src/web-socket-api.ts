/**
 * The part of the WHATWG `WebSocket` the transport uses, written out so that any implementation fits: the browsers'
 * and Deno's, Bun's, undici's (Node 20), Cloudflare's. No DOM or Node type is needed to use the package.
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol: string;
  readonly extensions: string;
  binaryType: string;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: { handleEvent(event: never): void }): void;
  removeEventListener(type: string, listener: { handleEvent(event: never): void }): void;
}

/**
 * A WHATWG `WebSocket` constructor: `globalThis.WebSocket`, or one passed to `createWebClient` (undici's on Node 20).
 *
 * @example
 * ```ts
 * import { WebSocket } from 'undici'
 * const client = createWebClient({ WebSocket })
 * ```
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** The events the transport listens to, as any of the implementations shapes them. */
export interface WebSocketEvent {
  readonly type: string;
  readonly data?: unknown;
  readonly code?: number;
  readonly reason?: string;
}

/** `readyState` values of the standard. */
export const OPEN = 1;
