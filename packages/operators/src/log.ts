import type { Logger } from '@aws/client';
import { pino } from 'pino';
import type { Operator } from './operator.js';
import { syncMap } from './sync-map.js';

/**
 * The logger names of the default log records, after the Swift library's labels (without its typo).
 *
 * @example
 * ```ts
 * // keep only the frame records: pino's `name` is LogName.frame
 * if (record.name === LogName.frame) show(record)
 * ```
 */
export const LogName = {
  frame: 'async-websocket.frame',
  connection: 'async-websocket.connection',
} as const;

/** Options of {@link log} when it writes the default records. */
export interface LogOptions {
  /** Where the records go: a pino logger or anything with pino's `info(object, message)`.
   * @default a pino logger on stdout, created on first use */
  readonly logger?: Pick<Logger, 'info'>;
}

const frameTypes = new Set(['message', 'ping', 'pong', 'close']);
const statusTypes = new Set(['connecting', 'connected', 'didClose', 'didFail', 'reconnecting']);

type LoggerName = (typeof LogName)[keyof typeof LogName] | 'async-websocket';
const fallbacks = new Map<LoggerName, Pick<Logger, 'info'>>();
// Created on first use, so that importing the package opens no stream and writes nothing; one pino logger per name,
// so the name is pino's own `name` field.
function defaultLogger(name: LoggerName): Pick<Logger, 'info'> {
  let logger = fallbacks.get(name);
  if (logger === undefined) fallbacks.set(name, (logger = pino({ name })));
  return logger;
}

const hex = (data: Uint8Array): string =>
  Array.from(data.subarray(0, 64), (byte) => byte.toString(16).padStart(2, '0')).join('') + (data.length > 64 ? '…' : '');

const bytes = (data: Uint8Array): object => ({ byteLength: data.length, data: hex(data) });

/** The record of a frame: its path as the message, its content as fields that serialize well. */
function frameRecord(frame: Record<string, unknown>): [object, string] {
  const { type } = frame;
  if (type === 'close') return [{ code: frame.code, reason: frame.reason }, 'close'];
  if (type !== 'message') return [bytes(frame.data as Uint8Array), String(type)];
  const message = frame.message as Record<string, unknown>;
  if (message.type === 'text') return [{ text: message.text }, 'message.text'];
  return [bytes(message.data as Uint8Array), 'message.binary'];
}

/** The record of a status: its type as the message; a failure's error under `err`, where pino serializes errors. */
function statusRecord(status: Record<string, unknown>): [object, string] {
  const { type, error, ...fields } = status;
  return [error === undefined ? fields : { ...fields, err: error }, String(type)];
}

/** Writes the default record of `element` under the logger name its shape calls for: to a pino logger of that name,
 * or, when the user gave a logger (which has a name of its own), with the name in a `logger` field. */
function writeDefault(given: Pick<Logger, 'info'> | undefined, element: unknown): void {
  const write = (name: LoggerName, fields: object, message: string): void =>
    given === undefined ? defaultLogger(name).info(fields, message) : given.info({ logger: name, ...fields }, message);
  const type = (element as { type?: unknown } | null)?.type;
  const record = element as Record<string, unknown>;
  if (typeof type === 'string' && frameTypes.has(type)) {
    const [fields, message] = frameRecord(record);
    return write(LogName.frame, { frame: message, ...fields }, message);
  }
  if (typeof type === 'string' && statusTypes.has(type)) {
    const [fields, message] = statusRecord(record);
    return write(LogName.connection, { status: message, ...fields }, message);
  }
  write('async-websocket', { value: element }, 'element');
}

/**
 * Passes every element through unchanged and logs it, like Swift's `log(action:)`. By default each frame is logged at
 * info under the name `async-websocket.frame` and each status under `async-websocket.connection`, with pino on stdout.
 * With `options.logger` the records go there instead, the name in a `logger` field (the logger keeps its own `name`).
 * A custom `action` replaces the default: it gets each element and nothing else is logged.
 *
 * @example
 * ```ts
 * client.receive(id).pipe(log(), on('message.text'))
 * client.open(settings).pipe(log({ logger: pino({ level: 'debug' }) }), on('connected'))
 * client.receive(id).pipe(log((frame) => console.log('⟵', frame.type)))
 * ```
 */
export function log<T>(action?: ((element: T) => void) | LogOptions): Operator<T, T> {
  const write = typeof action === 'function' ? action : (element: T): void => writeDefault(action?.logger, element);
  return syncMap((element: T) => {
    write(element);
    return element;
  });
}
