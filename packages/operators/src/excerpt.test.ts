import { describe, expect, it } from 'vitest';
import { excerpt, excerptLength } from './excerpt.js';

describe('excerpt', () => {
  it('keeps a short text whole, its whitespace runs as one space', () => {
    expect(excerpt('{"id":1}')).toBe('{"id":1}');
    expect(excerpt('{\n  "response" : {\n    "_0" : {}\n  }\n}\n')).toBe('{ "response" : { "_0" : {} } }');
    expect(excerpt('')).toBe('');
  });

  it('cuts a long text to its first characters, and says so', () => {
    const long = `[${'1,'.repeat(10_000)}1]`;
    const quoted = excerpt(long);
    expect(quoted).toBe(`${long.slice(0, excerptLength)}…`);
    expect(quoted).toHaveLength(excerptLength + 1);
  });

  it('never splits a surrogate pair', () => {
    const emojis = `${'a'.repeat(excerptLength - 1)}😀😀`;
    expect(excerpt(emojis)).toBe(`${'a'.repeat(excerptLength - 1)}…`);
  });
});
