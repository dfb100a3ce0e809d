import { closeCodeName, type CloseInfo, type ConnectionStatus, type Frame, type Message } from '@aws/client';
import { type BinaryEncoding, formatBinary } from './binary.js';
import type { Colours } from './colour.js';
import { prettyJson } from './pretty-json.js';
import type { Selected } from './select.js';

/** How output lines are written: for a person (`text`) or for a program (`jsonl`, one JSON value per line). */
export type OutputMode = 'text' | 'jsonl';

/** What the formatters need to know: colours, the binary encoding shown, and the clock. */
export interface Style {
  readonly colours: Colours;
  readonly binary: BinaryEncoding;
}

const two = (value: number) => String(value).padStart(2, '0');

/** `HH:MM:SS.mmm` in local time: what a person reads next to a message. */
export function clock(date: Date): string {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

const bytes = (data: Uint8Array) => `${data.byteLength} B`;

function messageBody(message: Message, style: Style): [type: string, body: string] {
  if (message.type === 'text') return ['text', message.text];
  return ['binary', `${style.colours.dim(bytes(message.data))} ${formatBinary(message.data, style.binary)}`.trimEnd()];
}

/** The type and body of a frame as a person reads them. */
function frameBody(frame: Frame, style: Style): [type: string, body: string] {
  switch (frame.type) {
    case 'message':
      return messageBody(frame.message, style);
    case 'ping':
    case 'pong':
      return [frame.type, `${style.colours.dim(bytes(frame.data))} ${formatBinary(frame.data, style.binary)}`.trimEnd()];
    case 'close':
      return ['close', describeClose(frame)];
  }
}

/** One line (or a block, for pretty JSON) of output: arrow, time, type, body. */
function line(arrow: string, date: Date, type: string, body: string, style: Style, label?: string): string {
  const { colours } = style;
  const from = label === undefined ? '' : ` ${colours.bold(label)}`;
  const head = `${arrow} ${colours.dim(clock(date))}${from} ${colours.magenta(type)}${' '.repeat(Math.max(6 - type.length, 0))}`;
  if (body === '' || body.startsWith('\n')) return `${head.trimEnd()}${body}`;
  return `${head} ${body}`;
}

/**
 * A received frame, after the selection, for a person; `undefined` for what is not shown. `label` says where it came
 * from (`#2`, a server's connection).
 */
export function formatReceived(selected: Selected, date: Date, style: Style, verbose = false, label?: string): string | undefined {
  const { colours } = style;
  const arrow = colours.cyan('<');
  switch (selected.kind) {
    case 'frame': {
      const [type, body] = frameBody(selected.frame, style);
      return line(arrow, date, type, body, style, label);
    }
    case 'value': {
      const pretty = prettyJson(selected.value, colours);
      return line(arrow, date, 'json', pretty.includes('\n') ? `\n${pretty}` : pretty, style, label);
    }
    case 'invalid': {
      const [type, body] = frameBody(selected.frame, style);
      return `${line(arrow, date, type, body, style, label)} ${colours.yellow('(not JSON)')}`;
    }
    case 'skipped':
      return verbose ? colours.dim(`· ${clock(date)} skipped: ${selected.reason}`) : undefined;
  }
}

/** A frame this side sent, for a person. */
export function formatSent(frame: Frame, date: Date, style: Style): string {
  const [type, body] = frameBody(frame, style);
  return line(style.colours.green('>'), date, type, body, style);
}

/** The close code with its name and the reason: `1000 normalClosure "bye"`. */
export function describeClose(close: CloseInfo): string {
  const reason = close.reason === '' ? '' : ` ${JSON.stringify(close.reason)}`;
  return `${close.code} ${closeCodeName(close.code)}${reason}`;
}

/** A note about the connection (a status, a command's answer), for a person. */
export function formatNote(text: string, date: Date, style: Style): string {
  return `${style.colours.yellow('*')} ${style.colours.dim(clock(date))} ${text}`;
}

const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 1 : 0)} s`;

/** A status of the connection, for a person; `undefined` for the first `connecting`, which says nothing new. */
export function describeStatus(status: ConnectionStatus, url: string): string | undefined {
  switch (status.type) {
    case 'connecting':
      return status.attempt === 0 ? undefined : `connecting to ${url} (attempt ${status.attempt})`;
    case 'connected': {
      const details = [status.protocol === '' ? '' : `protocol ${status.protocol}`, status.extensions === '' ? '' : status.extensions];
      const extra = details.filter((detail) => detail !== '').join(', ');
      return `connected to ${url}${extra === '' ? '' : ` (${extra})`}`;
    }
    case 'reconnecting': {
      const after =
        status.close !== undefined ? `closed ${describeClose(status.close)}` : (status.error?.message ?? 'the connection ended');
      return `reconnecting in ${seconds(status.delay)} (attempt ${status.attempt}; ${after})`;
    }
    case 'didClose':
      return `closed ${describeClose(status)}`;
    case 'didFail':
      return `failed: ${status.error.message}`;
  }
}

/**
 * A received frame, after the selection, as one JSON line for a program: the selected value itself with `--json`,
 * `--case` or `--field` (so `jq` reads it directly); otherwise an object with the frame's type, its text or its
 * bytes (in the `--binary` encoding) and the time. `undefined` for what is not written.
 */
export function jsonLine(selected: Selected, date: Date, binary: BinaryEncoding): string | undefined {
  if (selected.kind === 'value') return JSON.stringify(selected.value) ?? 'null';
  if (selected.kind !== 'frame') return undefined;
  const { frame } = selected;
  const time = date.toISOString();
  switch (frame.type) {
    case 'message':
      return frame.message.type === 'text'
        ? JSON.stringify({ type: 'text', text: frame.message.text, time })
        : JSON.stringify({ type: 'binary', [binary]: formatBinary(frame.message.data, binary, { spaced: false }), time });
    case 'ping':
    case 'pong':
      return JSON.stringify({ type: frame.type, [binary]: formatBinary(frame.data, binary, { spaced: false }), time });
    case 'close':
      return JSON.stringify({ type: 'close', code: frame.code, reason: frame.reason, time });
  }
}
