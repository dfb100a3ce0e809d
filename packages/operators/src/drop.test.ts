import { describe, expect, it } from 'vitest';
import { kindOf } from './drop.js';

describe('kindOf', () => {
  it('names a value by its kind, for the reasons of a drop', () => {
    expect([null, undefined, [], {}, 'x', 1, true, 1n].map(kindOf)).toEqual([
      'null',
      'undefined',
      'an array',
      'an object',
      'a string',
      'a number',
      'a boolean',
      'a bigint',
    ]);
  });
});
