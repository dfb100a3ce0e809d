import type { Frame } from '@aws/client';

/** The size a frame weighs in the receive buffer: bytes for binary data, UTF-16 code units for text. */
export function frameBytes(frame: Frame): number {
  switch (frame.type) {
    case 'message':
      return frame.message.type === 'text' ? frame.message.text.length : frame.message.data.byteLength;
    case 'ping':
    case 'pong':
      return frame.data.byteLength;
    case 'close':
      return 0;
  }
}
