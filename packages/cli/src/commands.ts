import { Frame } from '@aws/client';
import { BinaryInputError, type BinaryEncoding, parseBinary } from './binary.js';

/** What a line typed at the prompt (or read from stdin) asks for. */
export type Command =
  | { readonly type: 'send'; readonly frame: Frame }
  | { readonly type: 'close'; readonly code: number; readonly reason: string }
  | { readonly type: 'ping'; readonly data: Uint8Array }
  | { readonly type: 'pong'; readonly data: Uint8Array }
  | { readonly type: 'help' }
  | { readonly type: 'invalid'; readonly message: string };

/** The commands, as `/help` shows them. */
export const commandHelp = [
  '/close [code] [reason]   close the connection (default 1000), e.g. /close 4000 bye',
  '/ping [text]             send a ping (with the text as its payload)',
  '/pong [text]             send an unsolicited pong',
  '/text <text>             send the text as it is, even when it starts with a slash (also: //text)',
  '/binary <data>           send binary data, in hex (01 ff) or in base64 with --binary base64',
  '/help                    this list',
  'Any other line is sent as a text message (a binary one with --binary). Ctrl-D closes with 1000.',
].join('\n');

const encoder = new TextEncoder();

function binaryFrame(text: string, encoding: BinaryEncoding): Command {
  try {
    return { type: 'send', frame: Frame.binary(parseBinary(text, encoding)) };
  } catch (error) {
    if (error instanceof BinaryInputError) return { type: 'invalid', message: error.message };
    throw error;
  }
}

function closeCommand(rest: string): Command {
  const match = /^(\d+)?\s*(.*)$/s.exec(rest);
  const [, code, reason = ''] = match ?? [];
  if (rest !== '' && code === undefined) return { type: 'invalid', message: `/close takes a code first: /close 4000 ${rest}` };
  return { type: 'close', code: code === undefined ? 1000 : Number(code), reason };
}

function controlData(rest: string): Command | Uint8Array {
  const data = encoder.encode(rest);
  return data.byteLength > 125
    ? { type: 'invalid', message: `a ping or pong carries at most 125 bytes, this one has ${data.byteLength}` }
    : data;
}

/**
 * Reads one input line: a command when it starts with `/`, else a message: text, or binary in the chosen encoding
 * with `--binary`. `//` escapes a leading slash. Never throws for bad input: it answers `invalid` with why.
 */
export function parseCommand(line: string, binary: BinaryEncoding | undefined): Command {
  if (line.startsWith('//')) return { type: 'send', frame: Frame.text(line.slice(1)) };
  if (!line.startsWith('/')) return binary === undefined ? { type: 'send', frame: Frame.text(line) } : binaryFrame(line, binary);
  const match = /^\/(\S+)\s?(.*)$/s.exec(line);
  const [, name = '', rest = ''] = match ?? [];
  switch (name) {
    case 'close':
    case 'quit':
    case 'exit':
      return closeCommand(rest.trim());
    case 'ping':
    case 'pong': {
      const data = controlData(rest);
      return data instanceof Uint8Array ? { type: name, data } : data;
    }
    case 'text':
      return { type: 'send', frame: Frame.text(rest) };
    case 'binary':
      return binaryFrame(rest, binary ?? 'hex');
    case 'help':
    case '?':
      return { type: 'help' };
    default:
      return { type: 'invalid', message: `unknown command /${name} (/help lists them; //${name} sends the text "/${name}")` };
  }
}
