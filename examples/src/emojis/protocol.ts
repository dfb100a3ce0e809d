import type { Json } from '../shared/swift-json.js';

/**
 * The Emoji Service Protocol of the Swift examples (`EmojiServiceProtocolModels`). Every `kind` is the Swift case name
 * as it travels on the wire, typos included (`succcess`, `malformedJSONResquest`), because a Swift peer depends on them.
 */
export type Message =
  | { readonly kind: 'welcome'; readonly message: string }
  | { readonly kind: 'event'; readonly event: Event }
  | { readonly kind: 'request'; readonly request: Request }
  | { readonly kind: 'response'; readonly result: Result };

export type Event = { readonly kind: 'emojiDidChangedEvent'; readonly newEmoji: string };

export type Request =
  | { readonly kind: 'getRandomEmojiList'; readonly count?: number }
  | { readonly kind: 'startStream' }
  | { readonly kind: 'stopStream' };

export type Result =
  | { readonly kind: 'succcess'; readonly response: Response }
  | { readonly kind: 'failure'; readonly reason: Reason; readonly message?: string };

export type Response =
  | { readonly kind: 'getRandomEmojiList'; readonly emojis: readonly string[] }
  | { readonly kind: 'startStream' }
  | { readonly kind: 'stopStream' };

export type Reason = 'malformedJSONResquest';

/** The messages the server sends, built the way it sends them. */
export const ServerMessage = {
  welcome: (): Message => ({ kind: 'welcome', message: 'Welcome to the Emojis server 😃' }),
  success: (response: Response): Message => ({ kind: 'response', result: { kind: 'succcess', response } }),
  malformedRequest: (message: string): Message => ({
    kind: 'response',
    result: { kind: 'failure', reason: 'malformedJSONResquest', message },
  }),
  newEmoji: (newEmoji: string): Message => ({ kind: 'event', event: { kind: 'emojiDidChangedEvent', newEmoji } }),
} as const;

/** The requests a client sends. */
export const ClientRequest = {
  getRandomEmojiList: (count?: number): Message => ({
    kind: 'request',
    request: count === undefined ? { kind: 'getRandomEmojiList' } : { kind: 'getRandomEmojiList', count },
  }),
  startStream: (): Message => ({ kind: 'request', request: { kind: 'startStream' } }),
  stopStream: (): Message => ({ kind: 'request', request: { kind: 'stopStream' } }),
} as const;

/** The Swift `Codable` shape of a message: `{"<case>":{"_0":payload}}`, or `{"<case>":{}}` for a case without one. */
export function encodeMessage(message: Message): Json {
  switch (message.kind) {
    case 'welcome':
      return withPayload('welcome', { message: message.message });
    case 'event':
      return withPayload('event', withPayload(message.event.kind, { newEmoji: message.event.newEmoji }));
    case 'request':
      return withPayload('request', encodeRequest(message.request));
    case 'response':
      return withPayload('response', encodeResult(message.result));
  }
}

function encodeRequest(request: Request): Json {
  if (request.kind === 'getRandomEmojiList') return withPayload(request.kind, { count: request.count });
  return withoutPayload(request.kind);
}

function encodeResult(result: Result): Json {
  if (result.kind === 'failure') {
    return withPayload('failure', { reason: withoutPayload(result.reason), message: result.message });
  }
  return withPayload('succcess', encodeResponse(result.response));
}

function encodeResponse(response: Response): Json {
  if (response.kind === 'getRandomEmojiList') return withPayload(response.kind, { emojis: response.emojis });
  return withoutPayload(response.kind);
}

function withPayload(name: string, payload: Json): Json {
  return { [name]: { _0: payload } };
}

function withoutPayload(name: string): Json {
  return { [name]: {} };
}
