import { InvalidFrameError, type Frame } from '@aws/client';

/**
 * Checks a frame from the caller before it reaches `ws`: plain JavaScript callers can pass anything, and `ws` must
 * never be handed a number (which old versions turned into uninitialised memory) or an oversized control payload.
 *
 * @example
 * ```ts
 * const invalid = checkFrame(frame)
 * if (invalid !== undefined) return Promise.reject(invalid)
 * ```
 */
export function checkFrame(frame: Frame): InvalidFrameError | undefined {
  switch (frame?.type) {
    case 'message': {
      const message = frame.message;
      if (message?.type === 'text') {
        return typeof message.text === 'string' ? undefined : new InvalidFrameError('text must be a string');
      }
      if (message?.type === 'binary') {
        return message.data instanceof Uint8Array ? undefined : new InvalidFrameError('binary data must be a Uint8Array');
      }
      return new InvalidFrameError('a message is text or binary');
    }
    case 'ping':
    case 'pong':
      if (!(frame.data instanceof Uint8Array)) return new InvalidFrameError(`${frame.type} data must be a Uint8Array`);
      return frame.data.byteLength > 125
        ? new InvalidFrameError(`a ${frame.type} payload has at most 125 bytes, not ${frame.data.byteLength}`)
        : undefined;
    case 'close':
      return undefined;
    default:
      return new InvalidFrameError(`unknown frame type ${String((frame as { type?: unknown } | undefined)?.type)}`);
  }
}
