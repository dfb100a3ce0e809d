import { describe, expect, it } from 'vitest';
import { colours, useColour } from './colour.js';

describe('colours', () => {
  it('wraps text in ANSI codes when enabled and leaves it alone otherwise', () => {
    expect(colours(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(colours(false).red('x')).toBe('x');
  });

  it('colours a terminal only, without NO_COLOR and without --no-color', () => {
    expect(useColour(true, {})).toBe(true);
    expect(useColour(false, {})).toBe(false);
    expect(useColour(undefined, {})).toBe(false);
    expect(useColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(true, { NO_COLOR: '' })).toBe(true);
    expect(useColour(true, {}, false)).toBe(false);
  });
});
