import {
  arrayOf,
  enumCase,
  field,
  integer,
  keyed,
  notJson,
  optionalField,
  payload,
  quote,
  string,
  type Decoder,
  type EnumType,
} from '../shared/swift-decoding.js';
import type { Event, Message, Reason, Request, Response, Result } from './protocol.js';

/**
 * Reads an Emojis message from the text of a frame, with the rules of the Swift `Decodable` it mirrors.
 *
 * @throws {@link DecodingError} when the text is not JSON or not a message; its text is what the server reports:
 * where, what was expected there and what was found.
 * @example
 * ```ts
 * decodeMessage('{"request":{"_0":{"startStream":{}}}}') // { kind: 'request', request: { kind: 'startStream' } }
 * ```
 */
export function decodeMessage(text: string): Message {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw notJson(text, error);
  }
  return message(json, '');
}

const RequestType: EnumType<Request['kind']> = { name: 'Request', cases: ['getRandomEmojiList', 'startStream', 'stopStream'] };

const MessageType: EnumType<Message['kind']> = {
  name: 'Message',
  cases: ['welcome', 'event', 'request', 'response'],
  // The first guess of a new client is a request without its envelope: show it the message it meant.
  hint: (object) => {
    const name = RequestType.cases.find((request) => Object.hasOwn(object, request));
    if (name === undefined) return undefined;
    return `Requests go inside the Message envelope: ${quote({ request: { _0: { [name]: object[name] } } })}`;
  },
};

const message: Decoder<Message> = (value, path) => {
  const decoded = enumCase(value, path, MessageType);
  switch (decoded.name) {
    case 'welcome':
      return { kind: 'welcome', message: payload(decoded, welcome) };
    case 'event':
      return { kind: 'event', event: payload(decoded, event) };
    case 'request':
      return { kind: 'request', request: payload(decoded, request) };
    case 'response':
      return { kind: 'response', result: payload(decoded, result) };
  }
};

// Struct payloads: a keyed container whose fields are read by name.
const welcome: Decoder<string> = (value, path) => field(keyed(value, path), 'message', string, path);
const newEmoji: Decoder<string> = (value, path) => field(keyed(value, path), 'newEmoji', string, path);
const count: Decoder<number | undefined> = (value, path) => optionalField(keyed(value, path), 'count', integer, path);
const emojis: Decoder<string[]> = (value, path) => field(keyed(value, path), 'emojis', arrayOf(string), path);

const event: Decoder<Event> = (value, path) => {
  const decoded = enumCase(value, path, { name: 'Event', cases: ['emojiDidChangedEvent'] as const });
  return { kind: decoded.name, newEmoji: payload(decoded, newEmoji) };
};

const request: Decoder<Request> = (value, path) => {
  const decoded = enumCase(value, path, RequestType);
  if (decoded.name !== 'getRandomEmojiList') return { kind: decoded.name };
  const wanted = payload(decoded, count);
  return wanted === undefined ? { kind: decoded.name } : { kind: decoded.name, count: wanted };
};

const reason: Decoder<Reason> = (value, path) => enumCase(value, path, { name: 'Reason', cases: ['malformedJSONResquest'] as const }).name;

const failure: Decoder<Result> = (value, path) => {
  const body = keyed(value, path);
  const why = field(body, 'reason', reason, path);
  const detail = optionalField(body, 'message', string, path);
  return detail === undefined ? { kind: 'failure', reason: why } : { kind: 'failure', reason: why, message: detail };
};

const result: Decoder<Result> = (value, path) => {
  const decoded = enumCase(value, path, { name: 'Result', cases: ['succcess', 'failure'] as const });
  if (decoded.name === 'failure') return payload(decoded, failure);
  return { kind: decoded.name, response: payload(decoded, response) };
};

const response: Decoder<Response> = (value, path) => {
  const decoded = enumCase(value, path, { name: 'Response', cases: ['getRandomEmojiList', 'startStream', 'stopStream'] as const });
  if (decoded.name !== 'getRandomEmojiList') return { kind: decoded.name };
  return { kind: decoded.name, emojis: payload(decoded, emojis) };
};
