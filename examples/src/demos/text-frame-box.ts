/**
 * Draws `message` in the box the Swift Emojis demo logs each text frame in: a header with the title between two runs
 * of `⎺`, the message indented by two spaces between blank lines, and a footer of `⎽` as wide as the header.
 * Blank lines of the message are dropped, as Swift's `split(separator:)` drops them.
 *
 * @example
 * ```ts
 * textFrameBox('Received Text Frame', '{\n  "a" : 1\n}')
 * // '⌈⎺⎺⎺⎺ Received Text Frame ⎺⎺⎺⎺⌉\n\n  {\n    "a" : 1\n  }\n\n⌊⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⎽⌋'
 * ```
 */
export function textFrameBox(title: string, message: string): string {
  const lines = message.split('\n').filter((line) => line !== '');
  // Swift counts characters, not UTF-16 units: an emoji is one.
  const widest = Math.max(0, ...lines.map((line) => [...line].length));
  const half = Math.floor(widest / 2);
  const label = ` ${title} `;
  const header = `⌈${'⎺'.repeat(half)}${label}${'⎺'.repeat(half)}⌉`;
  const footer = `⌊${'⎽'.repeat(half * 2 + label.length)}⌋`;
  const body = lines.map((line) => `  ${line}`).join('\n');
  return `${header}\n\n${body}\n\n${footer}`;
}
