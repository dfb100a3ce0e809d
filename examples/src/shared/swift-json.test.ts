import { describe, expect, it } from 'vitest';
import { swiftPrettyJSON } from './swift-json.js';

describe('swiftPrettyJSON', () => {
  it('writes "key" : value with a two-space indent, keeping the key order', () => {
    expect(swiftPrettyJSON({ b: 1, a: 'x' })).toBe('{\n  "b" : 1,\n  "a" : "x"\n}');
  });

  it('opens a line in an empty object or array, as Swift does', () => {
    expect(swiftPrettyJSON({ startStream: {} })).toBe('{\n  "startStream" : {\n\n  }\n}');
    expect(swiftPrettyJSON([])).toBe('[\n\n]');
  });

  it('puts each array element on its own line', () => {
    expect(swiftPrettyJSON({ emojis: ['🌍', '💲'] })).toBe('{\n  "emojis" : [\n    "🌍",\n    "💲"\n  ]\n}');
  });

  it('escapes slashes, quotes and control characters but not emoji', () => {
    expect(swiftPrettyJSON('a/b "c" \n\u0001 😃')).toBe('"a\\/b \\"c\\" \\n\\u0001 😃"');
  });

  it('leaves out undefined fields, as Swift leaves out nil optionals', () => {
    expect(swiftPrettyJSON({ count: undefined, kept: null })).toBe('{\n  "kept" : null\n}');
  });

  it('writes scalars as JSON and refuses numbers JSON cannot hold', () => {
    expect(swiftPrettyJSON(true)).toBe('true');
    expect(swiftPrettyJSON(-3)).toBe('-3');
    expect(() => swiftPrettyJSON(Number.NaN)).toThrow(TypeError);
  });

  it('writes what JSON.parse reads back unchanged', () => {
    const value = { response: { _0: { succcess: { _0: { getRandomEmojiList: { _0: { emojis: ['🍅'] } } } } } } };
    expect(JSON.parse(swiftPrettyJSON(value))).toEqual(value);
  });
});
