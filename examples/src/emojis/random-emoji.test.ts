import { describe, expect, it } from 'vitest';
import { firstEmoji, lastEmoji, randomEmoji } from './random-emoji.js';

describe('randomEmoji', () => {
  it('draws from 🌍 to 💲, both included', () => {
    expect(randomEmoji(() => 0)).toBe('🌍');
    expect(randomEmoji(() => 0.999_999_999)).toBe('💲');
  });

  it('returns one scalar in the range', () => {
    for (let draw = 0; draw < 500; draw++) {
      const emoji = randomEmoji();
      expect([...emoji]).toHaveLength(1);
      const scalar = emoji.codePointAt(0) ?? 0;
      expect(scalar).toBeGreaterThanOrEqual(firstEmoji);
      expect(scalar).toBeLessThanOrEqual(lastEmoji);
    }
  });
});
