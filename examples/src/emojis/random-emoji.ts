/** The first and last Unicode scalars the Emojis server draws from, as in the Swift server: 🌍 to 💲. */
export const firstEmoji = 0x1f30d;
export const lastEmoji = 0x1f4b2;

/**
 * A random emoji: a uniformly drawn scalar between {@link firstEmoji} and {@link lastEmoji}, both included.
 * `random` is injectable so that a test can pin the draw.
 */
export function randomEmoji(random: () => number = Math.random): string {
  const span = lastEmoji - firstEmoji + 1;
  return String.fromCodePoint(firstEmoji + Math.floor(random() * span));
}
