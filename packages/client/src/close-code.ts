/**
 * The close codes of RFC 6455 §7.4.1 and the IANA registry, named as in the Swift library (swift-nio's
 * `WebSocketErrorCode`) where it names them. A close code is a plain `number`; these constants only give them names.
 * Applications may use 3000–4999 for their own codes.
 *
 * @example
 * ```ts
 * await client.close(id, CloseCode.goingAway, 'navigating away')
 * ```
 */
export const CloseCode = {
  normalClosure: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unacceptableData: 1003,
  reserved: 1004,
  noStatusReceived: 1005,
  abnormalClosure: 1006,
  dataInconsistentWithMessage: 1007,
  policyViolation: 1008,
  messageTooLarge: 1009,
  missingExtension: 1010,
  unexpectedServerError: 1011,
  serviceRestart: 1012,
  tryAgainLater: 1013,
  badGateway: 1014,
  tlsHandshakeFailure: 1015,
} as const;

/** The name of each {@link CloseCode} constant. */
export type CloseCodeName = keyof typeof CloseCode;

const namesByCode = new Map<number, CloseCodeName>(Object.entries(CloseCode).map(([name, code]) => [code, name as CloseCodeName]));

/**
 * Tells whether `code` may be sent in a close frame: 1000–1003, 1007–1014 and the application range 3000–4999.
 * 1004 is reserved, and 1005, 1006 and 1015 only ever describe a close locally (RFC 6455 §7.4.1).
 *
 * @example
 * ```ts
 * isSendableCloseCode(1000) // true
 * isSendableCloseCode(1006) // false: it only reports an abnormal closure locally
 * isSendableCloseCode(4001) // true: an application code
 * ```
 */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}

/**
 * Names a close code for people: `closeCodeName(1001)` is `'goingAway'`, an application code is `'application(4001)'`
 * and any other number is `'unknown(n)'`.
 *
 * @example
 * ```ts
 * console.log(`closed: ${closeCodeName(status.code)}`)
 * ```
 */
export function closeCodeName(code: number): string {
  const name = namesByCode.get(code);
  if (name !== undefined) return name;
  return code >= 3000 && code <= 4999 ? `application(${code})` : `unknown(${code})`;
}
