import type { Message } from '@aws/client';

// The session protocol on the wire, version 1. Every WebSocket message of a session starts with one ASCII character
// that says what it is; the numbers are in base 36 (a sequence number below 1.6 million takes 4 characters):
//
//   D<seq>.<ack>|<payload>   a data message: its sequence number, the sender's cumulative acknowledgement, then the
//                            application's payload untouched. Text stays text, binary stays binary (the header is
//                            the same ASCII bytes in front of the data), so the user's format and subprotocol compose.
//   A<ack>                   an acknowledgement alone (text), when there is no data to carry it.
//   R<received>              a resend request (text): the receiver saw a gap after <received> on this socket.
//   W1|<id>|<received>|<n|r|l>  the server's welcome (text), first on every socket: the session id, the last
//                            sequence it received, and whether the session is new, resumed, or new because the one
//                            the client asked for was lost.
//
// The client asks for a session in its URL's query (the only part of the handshake a browser's WebSocket lets a
// page set besides subprotocols, which belong to the application): `aws-session=v1`, and to resume,
// `aws-session-id=<id>&aws-session-received=<decimal>`.

/** The query parameters of the handshake. */
export const query = {
  version: 'aws-session',
  id: 'aws-session-id',
  received: 'aws-session-received',
} as const;

/** The value of the `aws-session` query parameter this version speaks. */
export const protocolVersion = 'v1';

/** What the welcome says about the session. */
export type WelcomeKind = 'new' | 'resumed' | 'lost';

/** A decoded control or data message. */
export type WireMessage =
  | { readonly kind: 'data'; readonly seq: number; readonly ack: number; readonly message: Message }
  | { readonly kind: 'ack'; readonly ack: number }
  | { readonly kind: 'resend'; readonly received: number }
  | { readonly kind: 'welcome'; readonly id: string; readonly received: number; readonly session: WelcomeKind }
  | { readonly kind: 'invalid' };

const bar = 0x7c; // '|'
const dot = 0x2e; // '.'
const letterD = 0x44;
/** The longest header: 'D', two numbers of at most 11 base-36 digits (2^53), '.', '|'. */
const maxHeader = 25;
const welcomeKinds: Readonly<Record<string, WelcomeKind>> = { n: 'new', r: 'resumed', l: 'lost' };
const welcomeLetters: Readonly<Record<WelcomeKind, string>> = { new: 'n', resumed: 'r', lost: 'l' };
const invalid: WireMessage = { kind: 'invalid' };
const encoder = new TextEncoder();

/** The value of a lower case base-36 digit, -1 for anything else. */
const digit = (code: number): number => (code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 122 ? code - 87 : -1);

/** A base-36 number of `text` from `from` to `to` (lower case digits only: parseInt would take trailing garbage),
 * NaN when it is not one or not a safe integer. On the hot path of every message, so a loop rather than a regex. */
function number(text: string, from = 0, to = text.length): number {
  if (to <= from || to - from > 11) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const d = digit(text.charCodeAt(i));
    if (d < 0) return Number.NaN;
    value = value * 36 + d;
  }
  return Number.isSafeInteger(value) ? value : Number.NaN;
}

/** The same, of the bytes of a binary message's header: read where they are, no string made of them. */
function byteNumber(data: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 11) return Number.NaN;
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const d = digit(data[i] as number);
    if (d < 0) return Number.NaN;
    value = value * 36 + d;
  }
  return Number.isSafeInteger(value) ? value : Number.NaN;
}

/** The header of a data message, `D<seq>.<ack>|`. */
export function dataHeader(seq: number, ack: number): string {
  return `D${seq.toString(36)}.${ack.toString(36)}|`;
}

/** A data message with its header, as it goes on the wire. */
export function encodeData(seq: number, ack: number, message: Message): Message {
  const header = dataHeader(seq, ack);
  if (message.type === 'text') return { type: 'text', text: header + message.text };
  const data = new Uint8Array(header.length + message.data.byteLength);
  encoder.encodeInto(header, data);
  data.set(message.data, header.length);
  return { type: 'binary', data };
}

/** An acknowledgement alone. */
export const encodeAck = (ack: number): Message => ({ type: 'text', text: `A${ack.toString(36)}` });

/** A resend request. */
export const encodeResend = (received: number): Message => ({ type: 'text', text: `R${received.toString(36)}` });

/** The server's welcome. */
export function encodeWelcome(id: string, received: number, session: WelcomeKind): Message {
  return { type: 'text', text: `W1|${id}|${received.toString(36)}|${welcomeLetters[session]}` };
}

/** Where {@link readData} puts the numbers of a data message's header: one per reader, filled again on every message,
 * so that the path every message takes allocates no object for them. */
export interface DataHeader {
  seq: number;
  ack: number;
}

function readTextData(text: string, header: DataHeader): Message | undefined {
  const end = text.indexOf('|');
  const middle = text.indexOf('.');
  if (end < 0 || middle < 0 || middle > end) return undefined;
  if (!readInto(header, number(text, 1, middle), number(text, middle + 1, end))) return undefined;
  return { type: 'text', text: text.slice(end + 1) };
}

function readBinaryData(data: Uint8Array, header: DataHeader): Message | undefined {
  let middle = -1;
  let end = -1;
  for (let i = 1; i < Math.min(data.byteLength, maxHeader); i += 1) {
    if (data[i] === dot && middle < 0) middle = i;
    else if (data[i] === bar) {
      end = i;
      break;
    }
  }
  if (middle < 0 || end < 0 || middle > end) return undefined;
  if (!readInto(header, byteNumber(data, 1, middle), byteNumber(data, middle + 1, end))) return undefined;
  return { type: 'binary', data: data.subarray(end + 1) };
}

/** Keeps a data message's numbers in `header` if they are valid (a sequence from 1, an acknowledgement from 0). */
function readInto(header: DataHeader, seq: number, ack: number): boolean {
  if (!(seq >= 1) || !(ack >= 0)) return false;
  header.seq = seq;
  header.ack = ack;
  return true;
}

/**
 * The payload of a data message, its numbers put in `header`; undefined when `message` is anything else (a control
 * message, or not the protocol: {@link decode} tells which). Data is nearly every message of a session, so this
 * path makes no {@link WireMessage}.
 */
export function readData(message: Message, header: DataHeader): Message | undefined {
  if (message.type === 'text') return message.text.charCodeAt(0) === letterD ? readTextData(message.text, header) : undefined;
  return message.data[0] === letterD ? readBinaryData(message.data, header) : undefined;
}

const scratch: DataHeader = { seq: 0, ack: 0 };

function decodeDataMessage(message: Message): WireMessage {
  const payload = readData(message, scratch);
  return payload === undefined ? invalid : { kind: 'data', seq: scratch.seq, ack: scratch.ack, message: payload };
}

function decodeText(text: string): WireMessage {
  switch (text.charCodeAt(0)) {
    case 0x41: {
      const ack = number(text, 1);
      return ack >= 0 ? { kind: 'ack', ack } : invalid;
    }
    case 0x52: {
      const received = number(text, 1);
      return received >= 0 ? { kind: 'resend', received } : invalid;
    }
    case 0x57:
      return decodeWelcome(text);
    default:
      return invalid;
  }
}

function decodeWelcome(text: string): WireMessage {
  const parts = text.split('|');
  if (parts.length !== 4 || parts[0] !== 'W1') return invalid;
  const [, id = '', receivedText = '', letter = ''] = parts;
  const received = number(receivedText);
  const session = welcomeKinds[letter];
  if (id === '' || id.length > 64 || !(received >= 0) || session === undefined) return invalid;
  return { kind: 'welcome', id, received, session };
}

/** Decodes one received message of a session; anything that is not the protocol is `invalid`. */
export function decode(message: Message): WireMessage {
  if (message.type === 'binary' || message.text.charCodeAt(0) === letterD) return decodeDataMessage(message);
  return decodeText(message.text);
}
