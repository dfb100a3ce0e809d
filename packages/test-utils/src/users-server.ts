import type { ServerOptions, WebSocket } from 'ws';
import { startServer, type TestServer } from './ws-server.js';

// The Users test protocol of the Swift library's tests, in the JSON Swift's `Codable` writes for enums: each enum
// value is `{ caseName: payload }`, unlabeled values under `_0`, and `{}` for a case without values.

export interface User {
  readonly id: number;
  readonly name: string;
}
export type Count = 1 | 2 | 3;
// A case without values: `{}` on the wire.
type None = Record<never, never>;

export type RequestType = { readonly getUsers: { readonly count: Count } } | { readonly startStream: None } | { readonly stopStream: None };
export type Request = { readonly single: { readonly _0: RequestType } } | { readonly batch: { readonly _0: readonly RequestType[] } };
export type Response =
  | { readonly getUsers: { readonly _0: { readonly users: readonly User[] } } }
  | { readonly startStream: None }
  | { readonly stopStream: None };
export type ErrorCode =
  | { readonly invalidJSONFormat: None }
  | { readonly internalServerError: None }
  | { readonly streamAlreadyStarted: None }
  | { readonly streamNotStarted: None };
export interface RequestError {
  readonly code: ErrorCode;
  readonly reason?: string;
}
export type ResponseResult = { readonly success: { readonly _0: Response } } | { readonly failure: { readonly _0: RequestError } };
export type Event =
  | { readonly newUser: { readonly _0: { readonly user: User } } }
  | { readonly streamStarted: None }
  | { readonly streamStopped: None };
/** A message of the Users protocol, as it travels on the wire. */
export type UsersMessage =
  | { readonly request: { readonly _0: Request } }
  | { readonly response: { readonly _0: ResponseResult } }
  | { readonly event: { readonly _0: Event } };

/** The server's users: getUsers(n) answers the first n. */
export const testUsers: readonly User[] = [
  { id: 1, name: 'A' },
  { id: 2, name: 'B' },
  { id: 3, name: 'C' },
];

const none: None = {};
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The one case of a Codable enum value: its name and the object under it, or undefined for anything else. */
function onlyCase(value: unknown): [string, Record<string, unknown>] | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  const [entry] = entries;
  return entries.length === 1 && entry !== undefined && isRecord(entry[1]) ? [entry[0], entry[1]] : undefined;
}

function parseRequestType(value: unknown): RequestType | undefined {
  const [name, payload] = onlyCase(value) ?? [];
  if (name === 'startStream' || name === 'stopStream') return { [name]: none } as RequestType;
  const count = payload?.count;
  return name === 'getUsers' && (count === 1 || count === 2 || count === 3) ? { getUsers: { count } } : undefined;
}

/** The requests of a client message, in order, or undefined when it is not a well-formed request message. */
function parseRequests(text: string): RequestType[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const [kind, message] = onlyCase(json) ?? [];
  if (kind !== 'request') return [];
  const [shape, request] = onlyCase(message?._0) ?? [];
  const inner = request?._0;
  if (shape === 'single') return inner === undefined ? undefined : maybeAll([parseRequestType(inner)]);
  if (shape === 'batch' && Array.isArray(inner)) return maybeAll(inner.map(parseRequestType));
  return undefined;
}

const maybeAll = <T>(items: ReadonlyArray<T | undefined>): T[] | undefined =>
  items.every((item) => item !== undefined) ? (items as T[]) : undefined;

const success = (response: Response): UsersMessage => ({ response: { _0: { success: { _0: response } } } });
const failure = (code: ErrorCode): UsersMessage => ({ response: { _0: { failure: { _0: { code } } } } });

/** Swift's `.prettyPrinted`: two-space indentation and `"key" : value`. */
function swiftPretty(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');
}

/** The per-connection state of the server: whether the (event-less) stream is started. */
interface Session {
  streaming: boolean;
}

function answer(request: RequestType, session: Session): UsersMessage {
  if ('getUsers' in request) return success({ getUsers: { _0: { users: testUsers.slice(0, request.getUsers.count) } } });
  const start = 'startStream' in request;
  if (start === session.streaming) return failure(start ? { streamAlreadyStarted: none } : { streamNotStarted: none });
  session.streaming = start;
  return start ? success({ startStream: none }) : success({ stopStream: none });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function textOf(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function bytesOf(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/**
 * The Users protocol of one connection, apart from any socket: what the client sent (the text of a text frame, or the
 * bytes of a frame) goes in, and the payloads of the binary frames to answer it with come out, in order.
 */
export type UsersProtocol = (received: string | Uint8Array) => Uint8Array[];

/**
 * A fresh {@link UsersProtocol}, for one connection (it keeps whether that connection's stream is started). Each
 * request gets its reply, pretty-printed JSON; a batch gets one reply per request. Unreadable input (not UTF-8, not
 * JSON, not a request of the protocol) gets `failure(invalidJSONFormat)`; other messages (responses, events) none.
 *
 * @example
 * ```ts
 * const protocol = createUsersProtocol()
 * socket.on('message', (data) => { for (const reply of protocol(data)) socket.send(reply, { binary: true }) })
 * ```
 */
export function createUsersProtocol(): UsersProtocol {
  const session: Session = { streaming: false };
  return (received) => {
    const text = typeof received === 'string' ? received : textOf(received);
    const requests = text === undefined ? undefined : parseRequests(text);
    const replies = requests === undefined ? [failure({ invalidJSONFormat: none })] : requests.map((request) => answer(request, session));
    return replies.map((reply) => Buffer.from(swiftPretty(reply)));
  };
}

/**
 * Serves the Users protocol ({@link createUsersProtocol}) on one `ws` socket: each request (text or binary) gets its
 * reply, in request order, as a binary frame. `ws` answers pings with a pong of the same payload and echoes the close
 * frame.
 */
export function handleUsersConnection(socket: WebSocket): void {
  const protocol = createUsersProtocol();
  socket.on('message', (data) => {
    for (const reply of protocol(bytesOf(data))) socket.send(reply, { binary: true });
  });
}

/** Starts a Users protocol server on 127.0.0.1, port 0. */
export function startUsersServer(options: Omit<ServerOptions, 'port' | 'server' | 'noServer'> = {}): Promise<TestServer> {
  return startServer(handleUsersConnection, options);
}
