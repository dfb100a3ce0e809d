import { describe, expect, it } from 'vitest';
import { dataHeader, decode, encodeAck, encodeData, encodeResend, encodeWelcome, readData } from './wire.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the session wire format', () => {
  it('round-trips text and binary data messages, the payload untouched', () => {
    expect(decode(encodeData(1, 0, { type: 'text', text: 'hello|D1.0|' }))).toEqual({
      kind: 'data',
      seq: 1,
      ack: 0,
      message: { type: 'text', text: 'hello|D1.0|' },
    });
    const binary = decode(encodeData(123_456, 99, { type: 'binary', data: new Uint8Array([0x7c, 0, 255]) }));
    expect(binary).toMatchObject({ kind: 'data', seq: 123_456, ack: 99 });
    expect([...(binary as { message: { data: Uint8Array } }).message.data]).toEqual([0x7c, 0, 255]);
    expect(decode(encodeData(2, 1, { type: 'text', text: '' }))).toMatchObject({ kind: 'data', message: { text: '' } });
  });

  it('round-trips acknowledgements, resend requests and welcomes', () => {
    expect(decode(encodeAck(77))).toEqual({ kind: 'ack', ack: 77 });
    expect(decode(encodeResend(5))).toEqual({ kind: 'resend', received: 5 });
    for (const session of ['new', 'resumed', 'lost'] as const) {
      expect(decode(encodeWelcome('id-1', 40, session))).toEqual({ kind: 'welcome', id: 'id-1', received: 40, session });
    }
  });

  it('reads the numbers of binary headers as text headers do', () => {
    expect(decode({ type: 'binary', data: bytes('Dzz.a|\u00ff') })).toMatchObject({ kind: 'data', seq: 1295, ack: 10 });
    expect(decode(encodeData(Number.MAX_SAFE_INTEGER, 0, { type: 'binary', data: new Uint8Array([1]) }))).toMatchObject({
      kind: 'data',
      seq: Number.MAX_SAFE_INTEGER,
    });
  });

  it('costs 3 bytes plus the digits of two base-36 numbers per data message', () => {
    expect(dataHeader(1, 0)).toBe('D1.0|');
    // Below 1,679,616 messages each number takes at most 4 characters: at most 11 bytes per message.
    expect(dataHeader(1_679_615, 1_679_615)).toHaveLength(11);
    expect(encodeAck(100_000)).toEqual({ type: 'text', text: 'A255s' });
  });

  it('reads a data message into the header it is given, and nothing else', () => {
    const header = { seq: 0, ack: 0 };
    expect(readData(encodeData(40, 7, { type: 'text', text: 'a.b|c' }), header)).toEqual({ type: 'text', text: 'a.b|c' });
    expect(header).toEqual({ seq: 40, ack: 7 });
    const binary = readData(encodeData(3, 2, { type: 'binary', data: new Uint8Array([0x2e, 0x7c]) }), header);
    expect(binary?.type === 'binary' ? [...binary.data] : binary).toEqual([0x2e, 0x7c]);
    expect(header).toEqual({ seq: 3, ack: 2 });
    for (const message of [encodeAck(1), encodeResend(1), encodeWelcome('id', 0, 'new'), { type: 'text' as const, text: 'D0.0|x' }]) {
      expect(readData(message, header), JSON.stringify(message)).toBeUndefined();
    }
    expect(readData({ type: 'binary', data: bytes('D1|0.') }, header)).toBeUndefined();
    expect(header).toEqual({ seq: 3, ack: 2 });
  });

  it('calls everything else invalid, without throwing', () => {
    const inputs = [
      'hello',
      '',
      'D',
      'D1|x',
      'D.1|x',
      'D0.0|x',
      'D1.-1|x',
      'D1_.0|',
      'D1.0x|x'.replace('0x', 'Z'),
      'Dzzzzzzzzzzzzzz.0|x',
      'A',
      'A-1',
      'R',
      'W1|id|0|x',
      'W2|id|0|n',
      'W1||0|n',
      `W1|${'x'.repeat(65)}|0|n`,
      'W1|id|0|n|extra',
    ];
    for (const text of inputs) expect(decode({ type: 'text', text }), text).toEqual({ kind: 'invalid' });
    const binaries = [new Uint8Array(0), bytes('D1.0'), bytes('X1.0|'), bytes(`D${'1'.repeat(30)}.0|`), bytes('D1|0.')];
    const badDigits = [
      bytes('D1X.0|'),
      bytes('DZ.0|x'),
      bytes('D1.0-|'),
      bytes('D0.0|'),
      bytes(`D${'z'.repeat(12)}.0|`),
      new Uint8Array([0x44, 0xb1, 0x2e, 0x30, 0x7c]),
    ];
    for (const data of [...binaries, ...badDigits]) {
      expect(decode({ type: 'binary', data })).toEqual({ kind: 'invalid' });
    }
  });
});
