import { describe, expect, it } from 'vitest';
import { DecodingError } from '../shared/swift-decoding.js';
import { decodeMessage } from './decode.js';

describe('decodeMessage', () => {
  it('reads a request, ignoring keys that are no case name as Swift does', () => {
    expect(decodeMessage('{"request":{"_0":{"stopStream":{"ignored":1}},"extra":true},"other":null}')).toEqual({
      kind: 'request',
      request: { kind: 'stopStream' },
    });
  });

  it('reads a null count as no count', () => {
    expect(decodeMessage('{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":null}}}}}')).toEqual({
      kind: 'request',
      request: { kind: 'getRandomEmojiList' },
    });
  });

  it.each([
    ['not JSON', '{"request":', 'at the top level: expected valid JSON (Unexpected end of JSON input); got {"request":'],
    ['nothing', '', 'at the top level: expected valid JSON (Unexpected end of JSON input); got nothing'],
    ['JSON that is not an object', '[1,2]', 'at the top level: expected an object; got [1,2]'],
    ['no case', '{}', 'at the top level: expected a Message: exactly one key of welcome, event, request, response; got {}'],
    [
      'two cases',
      '{"welcome":{"_0":{"message":"a"}},"request":{"_0":{"startStream":{}}}}',
      'expected a Message: exactly one key of welcome, event, request, response; got {"welcome":',
    ],
    [
      'an unknown case',
      '{"command":{"_0":{}}}',
      'at the top level: expected a Message: exactly one key of welcome, event, request, response; got {"command":{"_0":{}}}',
    ],
    ['a missing payload', '{"request":{}}', 'at request: expected the key "_0", which holds the value of the case request; got {}'],
    [
      'a request without _0',
      '{"request":{"startStream":{}}}',
      'at request: expected the key "_0", which holds the value of the case request; got {"startStream":{}}',
    ],
    [
      'an unknown request',
      '{"request":{"_0":{"startStreaming":{}}}}',
      'at request._0: expected a Request: exactly one key of getRandomEmojiList, startStream, stopStream; got {"startStreaming":{}}',
    ],
    ['a case that is not an object', '{"request":{"_0":{"startStream":true}}}', 'at request._0.startStream: expected an object; got true'],
    [
      'a count that is a string',
      '{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":"3"}}}}}',
      'at request._0.getRandomEmojiList._0.count: expected an integer; got "3"',
    ],
    [
      'a count that is no integer',
      '{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":1.5}}}}}',
      "expected an integer that fits in Swift's Int; got 1.5",
    ],
    ['a welcome without message', '{"welcome":{"_0":{}}}', 'at welcome._0: expected the key "message"; got {}'],
    [
      'emojis that are not strings',
      '{"response":{"_0":{"succcess":{"_0":{"getRandomEmojiList":{"_0":{"emojis":[1]}}}}}}}',
      'at response._0.succcess._0.getRandomEmojiList._0.emojis[0]: expected a string; got 1',
    ],
    [
      'the correct spelling',
      '{"response":{"_0":{"success":{"_0":{"startStream":{}}}}}}',
      'at response._0: expected a Result: exactly one key of succcess, failure; got {"success":',
    ],
  ])('rejects %s', (_name, text, expected) => {
    expect(() => decodeMessage(text)).toThrow(DecodingError);
    expect(() => decodeMessage(text)).toThrow(expected);
  });

  it.each([
    ['{"startStream":{}}', '{"request":{"_0":{"startStream":{}}}}'],
    ['{"getRandomEmojiList":{"_0":{"count":3}}}', '{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":3}}}}}'],
  ])('shows a request sent without its envelope, %s, the message it meant', (text, meant) => {
    expect(() => decodeMessage(text)).toThrow(
      `at the top level: expected a Message: exactly one key of welcome, event, request, response; got ${text}. Requests go inside the Message envelope: ${meant}`,
    );
  });

  it('quotes no more than the start of a long value', () => {
    const text = `{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":"${'9'.repeat(500)}"}}}}}`;
    const error = (() => {
      try {
        decodeMessage(text);
      } catch (caught) {
        return caught as DecodingError;
      }
      throw new Error('expected a DecodingError');
    })();
    expect(error.codingPath).toBe('request._0.getRandomEmojiList._0.count');
    expect(error.expected).toBe('an integer');
    expect(error.found).toBe(`"${'9'.repeat(79)}…`);
  });

  it('throws nothing but DecodingError, whatever the text', () => {
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"request"',
      '"_0"',
      '"startStream"',
      '"getRandomEmojiList"',
      '"count"',
      ':',
      ',',
      '1',
      'null',
      '"x"',
      '-1e400',
      '{}',
    ];
    let seed = 42;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let attempt = 0; attempt < 2_000; attempt++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 20) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      try {
        decodeMessage(text);
      } catch (error) {
        expect(error, text).toBeInstanceOf(DecodingError);
      }
    }
  });
});
