/** How many characters of an offending message the errors quote: enough to recognize it, not a whole payload. */
export const excerptLength = 80;

/**
 * The start of `text` as the errors quote it (in their message and their `excerpt` field): whitespace runs as one
 * space, so that a pretty-printed message stays on one line and shows more of itself; at most {@link excerptLength}
 * characters, with `…` when it was cut. A cut never splits a surrogate pair.
 *
 * @example
 * ```ts
 * excerpt('{\n  "id" : 1\n}') // '{ "id" : 1 }'
 * ```
 */
export function excerpt(text: string): string {
  // Only the start can end up in the excerpt: a large payload is not scanned whole.
  const head = text.length > excerptLength * 4 ? text.slice(0, excerptLength * 4) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  if (flat.length <= excerptLength && head.length === text.length) return flat;
  const shown = flat.slice(0, excerptLength);
  return `${/[\uD800-\uDBFF]$/.test(shown) ? shown.slice(0, -1) : shown}…`;
}
