import { InvalidCloseCodeError, InvalidCloseReasonError, isSendableCloseCode, type CloseInfo } from '@aws/client';

const encoder = new TextEncoder();

/** Checks a close code and reason before anything reaches the wire, so a bad one is a typed error, never a throw
 * from inside `ws`.
 *
 * @example
 * ```ts
 * const checked = checkCloseArgs(4000, 'bye')
 * if (checked instanceof Error) return Promise.reject(checked)
 * ```
 */
export function checkCloseArgs(code: unknown, reason: unknown): CloseInfo | InvalidCloseCodeError | InvalidCloseReasonError {
  if (typeof code !== 'number' || !isSendableCloseCode(code)) return new InvalidCloseCodeError(code);
  if (typeof reason !== 'string') return new InvalidCloseReasonError(Number.NaN);
  const byteLength = encoder.encode(reason).byteLength;
  if (byteLength > 123) return new InvalidCloseReasonError(byteLength);
  return { code, reason };
}
