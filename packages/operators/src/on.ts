import type { CloseInfo, ConnectionStatus, Frame, Message } from '@aws/client';
import type { Operator } from './operator.js';
import { onStatus, type StatusCallbacks, type StatusPath, type StatusValue } from './on-status.js';
import { orderedMap, skip } from './ordered-map.js';

/** What {@link on} emits for each frame path. */
export interface FrameValues {
  readonly message: Message;
  readonly 'message.text': string;
  readonly 'message.binary': Uint8Array;
  readonly ping: Uint8Array;
  readonly pong: Uint8Array;
  readonly close: CloseInfo;
}

/** A frame path of {@link on}: `'message' | 'message.text' | 'message.binary' | 'ping' | 'pong' | 'close'`. */
export type FramePath = keyof FrameValues;

/** Options of {@link on} for frames. */
export interface FrameCallbacks {
  /** Runs on every close frame with its code and reason, before the frame goes on; a returned promise is awaited. */
  readonly onClose?: (close: CloseInfo) => void | PromiseLike<void>;
}

const extractors: { readonly [P in FramePath]: (frame: Frame) => unknown } = {
  message: (frame) => (frame.type === 'message' ? frame.message : skip),
  'message.text': (frame) => (frame.type === 'message' && frame.message.type === 'text' ? frame.message.text : skip),
  'message.binary': (frame) => (frame.type === 'message' && frame.message.type === 'binary' ? frame.message.data : skip),
  ping: (frame) => (frame.type === 'ping' ? frame.data : skip),
  pong: (frame) => (frame.type === 'pong' ? frame.data : skip),
  close: (frame) => (frame.type === 'close' ? { code: frame.code, reason: frame.reason } : skip),
};

const isFramePath = (path: string): path is FramePath => Object.hasOwn(extractors, path);

/**
 * Keeps the frames of one kind and emits their content, like Swift's `on(\.message.text, onClose:)`:
 * `'message.text'` → `string`, `'message.binary'` → `Uint8Array`, `'message'` → {@link Message}, `'ping'` and
 * `'pong'` → their payload, `'close'` → {@link CloseInfo}. `onClose` runs on every close frame, whatever `path` keeps,
 * and the stream waits for the promise it returns.
 *
 * With a status path (`'connected'`, `'didClose'`, ...) it works on the status stream instead: see {@link onStatus}.
 *
 * @example
 * ```ts
 * for await (const text of iterate(client.receive(id).pipe(on('message.text')))) console.log(text)
 *
 * client.receive(id).pipe(on('pong', { onClose: ({ code }) => console.log(`closed with ${code}`) }))
 * client.open({ id, url }).pipe(on('connected', { onDidClose: ({ code }) => console.log(code) }))
 * ```
 */
export function on<const P extends FramePath>(path: P, callbacks?: FrameCallbacks): Operator<Frame, FrameValues[P]>;
export function on<const P extends StatusPath>(path: P, callbacks?: StatusCallbacks): Operator<ConnectionStatus, StatusValue<P>>;
export function on(path: FramePath | StatusPath, callbacks: FrameCallbacks & StatusCallbacks = {}): unknown {
  if (!isFramePath(path)) return onStatus(path, callbacks);
  const extract = extractors[path];
  const { onClose } = callbacks;
  return orderedMap((frame: Frame) => {
    const value = extract(frame);
    const done = frame.type === 'close' ? onClose?.({ code: frame.code, reason: frame.reason }) : undefined;
    return done === undefined ? value : Promise.resolve(done).then(() => value);
  });
}
