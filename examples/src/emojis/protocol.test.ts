import { describe, expect, it } from 'vitest';
import { swiftPrettyJSON } from '../shared/swift-json.js';
import { decodeMessage } from './decode.js';
import { ClientRequest, encodeMessage, ServerMessage, type Message } from './protocol.js';

// The Swift shapes, field by field, from the reference (§6.4, §6.5): what a Swift peer sends and expects.
const swiftShapes: Array<[string, Message, string]> = [
  ['welcome', ServerMessage.welcome(), '{"welcome":{"_0":{"message":"Welcome to the Emojis server 😃"}}}'],
  [
    'getRandomEmojiList response',
    ServerMessage.success({ kind: 'getRandomEmojiList', emojis: ['🌍', '🌺'] }),
    '{"response":{"_0":{"succcess":{"_0":{"getRandomEmojiList":{"_0":{"emojis":["🌍","🌺"]}}}}}}}',
  ],
  ['startStream response', ServerMessage.success({ kind: 'startStream' }), '{"response":{"_0":{"succcess":{"_0":{"startStream":{}}}}}}'],
  ['stopStream response', ServerMessage.success({ kind: 'stopStream' }), '{"response":{"_0":{"succcess":{"_0":{"stopStream":{}}}}}}'],
  ['emoji event', ServerMessage.newEmoji('🌺'), '{"event":{"_0":{"emojiDidChangedEvent":{"_0":{"newEmoji":"🌺"}}}}}'],
  [
    'failure',
    ServerMessage.malformedRequest('oops'),
    '{"response":{"_0":{"failure":{"_0":{"reason":{"malformedJSONResquest":{}},"message":"oops"}}}}}',
  ],
  ['startStream request', ClientRequest.startStream(), '{"request":{"_0":{"startStream":{}}}}'],
  ['stopStream request', ClientRequest.stopStream(), '{"request":{"_0":{"stopStream":{}}}}'],
  ['getRandomEmojiList request', ClientRequest.getRandomEmojiList(3), '{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":3}}}}}'],
  ['getRandomEmojiList request without count', ClientRequest.getRandomEmojiList(), '{"request":{"_0":{"getRandomEmojiList":{"_0":{}}}}}'],
];

describe('Emojis wire format', () => {
  it.each(swiftShapes)('encodes the %s in the Swift Codable shape', (_name, message, swift) => {
    expect(encodeMessage(message)).toEqual(JSON.parse(swift));
  });

  it.each(swiftShapes)('decodes the Swift %s', (_name, message, swift) => {
    expect(decodeMessage(swift)).toEqual(message);
  });

  it('pretty-prints the welcome exactly as the Swift server does', () => {
    expect(swiftPrettyJSON(encodeMessage(ServerMessage.welcome()))).toBe(
      ['{', '  "welcome" : {', '    "_0" : {', '      "message" : "Welcome to the Emojis server 😃"', '    }', '  }', '}'].join('\n'),
    );
  });

  it('pretty-prints the startStream response with the empty object Swift writes', () => {
    const text = swiftPrettyJSON(encodeMessage(ServerMessage.success({ kind: 'startStream' })));
    expect(text).toBe(
      [
        '{',
        '  "response" : {',
        '    "_0" : {',
        '      "succcess" : {',
        '        "_0" : {',
        '          "startStream" : {',
        '',
        '          }',
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('leaves out the message of a failure that has none', () => {
    const failure: Message = { kind: 'response', result: { kind: 'failure', reason: 'malformedJSONResquest' } };
    expect(encodeMessage(failure)).toEqual({ response: { _0: { failure: { _0: { reason: { malformedJSONResquest: {} } } } } } });
    expect(decodeMessage(JSON.stringify(encodeMessage(failure)))).toEqual(failure);
  });
});
