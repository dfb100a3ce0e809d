/**
 * The options of the operators that drop what does not match (`success`, `caseOf`, `field`, `matching`): a way to see
 * what they drop, and why, while developing. A typo in a hand-written message type or a peer speaking another
 * protocol otherwise shows up as a stream where nothing arrives.
 *
 * @example
 * ```ts
 * frames.pipe(
 *   success({ schema: Message, onDrop: (frame, reason) => console.warn('success dropped', reason) }),
 *   caseOf('response.success.getUsers', { onDrop: (message, reason) => console.warn('caseOf dropped', reason) }),
 * )
 * ```
 */
export interface DropOptions<T> {
  /**
   * Called with each element the operator drops, and the reason in words (`expected case "success" after
   * "response", got case "failure"`). It changes nothing in the stream; a throw from it errors the stream, as a
   * throw in any operator callback does.
   * @default none: dropped elements go unreported
   */
  readonly onDrop?: (value: T, reason: string) => void;
}

/** A value's kind, in words, for the reasons of a drop: `null`, `an array`, `a string`, `an object`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
