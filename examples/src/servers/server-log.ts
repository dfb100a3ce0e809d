import type { Message } from '@aws/client';

/** Where a server writes what it receives: a line at a time. The programs print them; tests collect them. */
export type ServerLog = (line: string) => void;

/** Describes a payload as Swift's `Data` describes itself: `5 bytes`. */
export function describeData(data: Uint8Array): string {
  return `${data.byteLength} bytes`;
}

/** A received message as the servers log it: `[Received text] Hello` or `[Received binary] 5 bytes`. */
export function describeMessage(message: Message): string {
  return message.type === 'binary' ? `[Received binary] ${describeData(message.data)}` : `[Received text] ${message.text}`;
}
