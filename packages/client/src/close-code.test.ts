import { describe, expect, it } from 'vitest';
import { CloseCode, closeCodeName, isSendableCloseCode } from './close-code.js';

describe('close codes', () => {
  it('names the RFC 6455 codes with the Swift names', () => {
    expect(CloseCode.normalClosure).toBe(1000);
    expect(CloseCode.goingAway).toBe(1001);
    expect(CloseCode.messageTooLarge).toBe(1009);
    expect(CloseCode.unexpectedServerError).toBe(1011);
    expect(closeCodeName(1006)).toBe('abnormalClosure');
    expect(closeCodeName(4001)).toBe('application(4001)');
    expect(closeCodeName(2000)).toBe('unknown(2000)');
  });

  it('tells which codes may be sent on the wire', () => {
    const sendable = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999];
    const local = [0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535, 1000.5, Number.NaN];
    expect(sendable.filter(isSendableCloseCode)).toEqual(sendable);
    expect(local.filter(isSendableCloseCode)).toEqual([]);
  });
});
