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
    ['not JSON', '{"request":', 'The given data was not valid JSON'],
    ['JSON that is not an object', '[1,2]', 'Expected to decode an object but found an array instead. (at the top level)'],
    ['no case', '{}', 'Invalid number of keys found'],
    ['two cases', '{"welcome":{"_0":{"message":"a"}},"request":{"_0":{"startStream":{}}}}', 'Invalid number of keys found'],
    ['an unknown case', '{"command":{"_0":{}}}', 'expected exactly one of welcome, event, request, response'],
    ['a missing payload', '{"request":{}}', 'No value associated with key "_0". (at request)'],
    ['an unknown request', '{"request":{"_0":{"startStreaming":{}}}}', '(at request._0)'],
    ['a case that is not an object', '{"request":{"_0":{"startStream":true}}}', '(at request._0.startStream)'],
    ['a count that is a string', '{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":"3"}}}}}', 'found a string instead'],
    ['a count that is no integer', '{"request":{"_0":{"getRandomEmojiList":{"_0":{"count":1.5}}}}}', 'does not fit in Int'],
    ['a welcome without message', '{"welcome":{"_0":{}}}', 'No value associated with key "message". (at welcome._0)'],
    ['emojis that are not strings', '{"response":{"_0":{"succcess":{"_0":{"getRandomEmojiList":{"_0":{"emojis":[1]}}}}}}}', '(at response._0.succcess._0.getRandomEmojiList._0.emojis[0])'],
    ['the correct spelling', '{"response":{"_0":{"success":{"_0":{"startStream":{}}}}}}', 'expected exactly one of succcess, failure'],
  ])('rejects %s', (_name, text, expected) => {
    expect(() => decodeMessage(text)).toThrow(DecodingError);
    expect(() => decodeMessage(text)).toThrow(expected);
  });

  it('throws nothing but DecodingError, whatever the text', () => {
    const pieces = ['{', '}', '[', ']', '"request"', '"_0"', '"startStream"', '"getRandomEmojiList"', '"count"', ':', ',', '1', 'null', '"x"', '-1e400', '{}'];
    let seed = 42;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
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
