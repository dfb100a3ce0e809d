/** How binary messages are written on the command line and shown: `hex` (`01 ff`, `01ff`) or `base64`. */
export type BinaryEncoding = 'hex' | 'base64';

/** A line that is not valid in the chosen binary encoding, with what is wrong. */
export class BinaryInputError extends Error {
  override readonly name = 'BinaryInputError';
}

/**
 * Reads a line typed as binary data. Hex takes pairs of digits, with or without spaces or colons between bytes
 * (`01 ff`, `01:ff`, `01ff`); base64 takes the standard or the URL alphabet, padding optional.
 */
export function parseBinary(text: string, encoding: BinaryEncoding): Uint8Array {
  const trimmed = text.trim();
  if (encoding === 'hex') {
    const digits = trimmed.replace(/[\s:]/g, '');
    if (!/^[0-9a-fA-F]*$/.test(digits)) throw new BinaryInputError(`not hex: ${JSON.stringify(text)}`);
    if (digits.length % 2 !== 0) throw new BinaryInputError(`hex needs two digits per byte: ${JSON.stringify(text)} has ${digits.length}`);
    return Uint8Array.from(Buffer.from(digits, 'hex'));
  }
  const compact = trimmed.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    throw new BinaryInputError(`not base64: ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** Writes binary data in the chosen encoding: hex as spaced pairs (`01 ff`), base64 standard with padding. */
export function formatBinary(data: Uint8Array, encoding: BinaryEncoding, options: { readonly spaced?: boolean } = {}): string {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (encoding === 'base64') return buffer.toString('base64');
  const hex = buffer.toString('hex');
  return options.spaced === false ? hex : (hex.match(/../g) ?? []).join(' ');
}
