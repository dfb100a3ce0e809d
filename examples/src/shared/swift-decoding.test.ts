import { describe, expect, it } from 'vitest';
import {
  arrayOf,
  bounded,
  DecodingError,
  enumCase,
  field,
  integer,
  keyed,
  notJson,
  optionalField,
  payload,
  quote,
  quoteLength,
  string,
} from './swift-decoding.js';

const Shape = { name: 'Shape', cases: ['circle', 'square'] as const };

describe('Swift decoding failures', () => {
  it('say where, what was expected there, and what was found', () => {
    const error = new DecodingError('request._0', 'a Request: exactly one key of a, b', '{"c":{}}');
    expect(error.message).toBe('at request._0: expected a Request: exactly one key of a, b; got {"c":{}}');
    expect(new DecodingError('', 'an object', '[]').message).toBe('at the top level: expected an object; got []');
    expect(new DecodingError('', 'x', 'y', 'Try z.').message).toBe('at the top level: expected x; got y. Try z.');
  });

  it('name the value found by its JSON, bounded', () => {
    expect(() => string(3, 'name')).toThrow('at name: expected a string; got 3');
    expect(() => integer('3', 'count')).toThrow('at count: expected an integer; got "3"');
    expect(() => integer(2 ** 60, 'count')).toThrow("at count: expected an integer that fits in Swift's Int; got 1152921504606847000");
    expect(() => arrayOf(string)({ a: 1 }, 'emojis')).toThrow('at emojis: expected an array; got {"a":1}');
    expect(() => arrayOf(string)(['a', null], 'emojis')).toThrow('at emojis[1]: expected a string; got null');
    expect(() => keyed(null, '')).toThrow('at the top level: expected an object; got null');
    expect(quote({ list: 'x'.repeat(200) })).toHaveLength(quoteLength + 1);
    expect(bounded(`${'a'.repeat(quoteLength - 1)}😀`)).toBe(`${'a'.repeat(quoteLength - 1)}…`);
  });

  it('read fields as Swift does: a missing required key fails, a missing or null optional one is undefined', () => {
    expect(() => field({ other: 1 }, 'message', string, 'welcome._0')).toThrow(
      'at welcome._0: expected the key "message"; got {"other":1}',
    );
    expect(field({ message: 'hi' }, 'message', string, '')).toBe('hi');
    expect(optionalField({ count: null }, 'count', integer, '')).toBeUndefined();
    expect(() => optionalField({ count: 'x' }, 'count', integer, 'body')).toThrow('at body.count: expected an integer; got "x"');
  });

  it('read an enum case by its one case key, and say which keys were expected at that level', () => {
    expect(enumCase({ circle: { _0: 1 }, ignored: true }, 'shape', Shape)).toEqual({
      name: 'circle',
      container: { _0: 1 },
      path: 'shape.circle',
    });
    expect(() => enumCase({ triangle: {} }, 'shape', Shape)).toThrow(
      'at shape: expected a Shape: exactly one key of circle, square; got {"triangle":{}}',
    );
    expect(() => enumCase({ circle: {}, square: {} }, '', Shape)).toThrow(
      'expected a Shape: exactly one key of circle, square; got {"circle":{},"square":{}}',
    );
    expect(() => enumCase({ circle: 1 }, 'shape', Shape)).toThrow('at shape.circle: expected an object; got 1');
    expect(() => enumCase({ Circle: {} }, '', { ...Shape, hint: () => 'Case names are lowercase.' })).toThrow(
      'got {"Circle":{}}. Case names are lowercase.',
    );
  });

  it('read the unlabeled payload under _0, and say so when it is missing', () => {
    const decoded = enumCase({ circle: { _0: 2 } }, '', Shape);
    expect(payload(decoded, integer)).toBe(2);
    expect(() => payload(enumCase({ circle: { radius: 2 } }, '', Shape), integer)).toThrow(
      'at circle: expected the key "_0", which holds the value of the case circle; got {"radius":2}',
    );
  });

  it('quote the start of text that is no JSON', () => {
    expect(notJson('{oops', new SyntaxError('bad')).message).toBe('at the top level: expected valid JSON (bad); got {oops');
    expect(notJson('', new SyntaxError('empty')).message).toBe('at the top level: expected valid JSON (empty); got nothing');
  });
});
