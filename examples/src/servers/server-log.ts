import type { RawData } from 'ws';

/** Where a server writes what it receives: a line at a time. The programs print them; tests collect them. */
export type ServerLog = (line: string) => void;

/** Describes a payload as Swift's `Data` describes itself: `5 bytes`. */
export function describeData(data: RawData): string {
  const size = Array.isArray(data) ? data.reduce((total, chunk) => total + chunk.length, 0) : data.byteLength;
  return `${size} bytes`;
}

/** A received message as the servers log it: `[Received text] Hello` or `[Received binary] 5 bytes`. */
export function describeMessage(data: RawData, isBinary: boolean): string {
  return isBinary ? `[Received binary] ${describeData(data)}` : `[Received text] ${data.toString()}`;
}
