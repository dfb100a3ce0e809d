import { describe, expect, it } from 'vitest';
import { colours } from './colour.js';
import { prettyJson } from './pretty-json.js';

const value = { users: [{ id: 1, name: 'A', admin: false }], next: null, empty: {}, none: [] };

describe('prettyJson', () => {
  it('without colours, writes what JSON.stringify writes with an indent of 2', () => {
    expect(prettyJson(value, colours(false))).toBe(JSON.stringify(value, null, 2));
    expect(prettyJson('text', colours(false))).toBe('"text"');
  });

  it('with colours, paints keys, strings, numbers, booleans and null', () => {
    const text = prettyJson(value, colours(true));
    expect(text).toContain('\u001b[34m"users"\u001b[39m');
    expect(text).toContain('\u001b[32m"A"\u001b[39m');
    expect(text).toContain('\u001b[33m1\u001b[39m');
    expect(text).toContain('\u001b[33mfalse\u001b[39m');
    expect(text).toContain('\u001b[2mnull\u001b[22m');
    // Only colour codes were added.
    expect(text.replace(new RegExp(`${'\u001b'}\\[\\d+m`, 'g'), '')).toBe(JSON.stringify(value, null, 2));
  });
});
