import { describe, expect, it } from 'vitest';
import { BinaryInputError, formatBinary, parseBinary } from './binary.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('parseBinary', () => {
  it('reads hex with or without separators', () => {
    expect(parseBinary('01 ff', 'hex')).toEqual(bytes(1, 255));
    expect(parseBinary('01:FF:7f', 'hex')).toEqual(bytes(1, 255, 127));
    expect(parseBinary('01ff', 'hex')).toEqual(bytes(1, 255));
    expect(parseBinary('', 'hex')).toEqual(bytes());
  });

  it('refuses hex with a stray digit or a non-hex character, saying why', () => {
    expect(() => parseBinary('0', 'hex')).toThrow(/two digits per byte/);
    expect(() => parseBinary('zz', 'hex')).toThrow(BinaryInputError);
  });

  it('reads base64, standard or URL alphabet, padded or not', () => {
    expect(parseBinary('AP8=', 'base64')).toEqual(bytes(0, 255));
    expect(parseBinary('AP8', 'base64')).toEqual(bytes(0, 255));
    expect(parseBinary('-_8', 'base64')).toEqual(bytes(251, 255));
  });

  it('refuses what is not base64', () => {
    expect(() => parseBinary('a*b', 'base64')).toThrow(/not base64/);
    expect(() => parseBinary('A', 'base64')).toThrow(BinaryInputError);
  });
});

describe('formatBinary', () => {
  it('writes spaced hex, compact hex, or base64', () => {
    expect(formatBinary(bytes(1, 255), 'hex')).toBe('01 ff');
    expect(formatBinary(bytes(1, 255), 'hex', { spaced: false })).toBe('01ff');
    expect(formatBinary(bytes(0, 255), 'base64')).toBe('AP8=');
  });

  it('reads only the view, not the whole buffer under it', () => {
    const view = new Uint8Array(bytes(9, 1, 2, 9).buffer, 1, 2);
    expect(formatBinary(view, 'hex')).toBe('01 02');
  });
});
