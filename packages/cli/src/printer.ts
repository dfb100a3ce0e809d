import type { Frame } from '@aws/client';
import type { BinaryEncoding } from './binary.js';
import { colours, useColour } from './colour.js';
import { formatNote, formatReceived, formatSent, jsonLine, type OutputMode, type Style } from './format.js';
import type { CliIo, OutputStream } from './io.js';
import type { Prompt } from './prompt.js';
import type { Selected } from './select.js';

/** How a session prints. */
export interface PrinterOptions {
  readonly output: OutputMode | undefined;
  readonly color: boolean;
  readonly binary: BinaryEncoding | undefined;
  readonly verbose: boolean;
}

/**
 * Where each kind of output goes. Frames go to stdout: lines for a person on a terminal (`text`), one JSON line each
 * for a program (`jsonl`, the default when stdout is not a terminal). Notes (statuses, how it ended) go to stdout
 * in `text` mode and to stderr in `jsonl` mode, so that stdout holds nothing but the frames. Errors go to stderr.
 */
export class Printer {
  readonly mode: OutputMode;
  private readonly out: Style;
  private readonly err: Style;
  private prompt: Prompt | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly options: PrinterOptions,
  ) {
    this.mode = options.output ?? (io.stdout.isTTY === true ? 'text' : 'jsonl');
    const binary = options.binary ?? 'hex';
    this.out = { colours: colours(useColour(io.stdout.isTTY, io.env, options.color)), binary };
    this.err = { colours: colours(useColour(io.stderr.isTTY, io.env, options.color)), binary };
  }

  /** Prints through this prompt from now on, so that output goes above it. */
  attach(prompt: Prompt | undefined): void {
    this.prompt = prompt;
  }

  private write(stream: OutputStream, text: string): void {
    if (this.prompt === undefined) stream.write(`${text}\n`);
    else this.prompt.print(stream, text);
  }

  /** A received frame, after the selection. */
  received(selected: Selected, label?: string, date = new Date()): void {
    if (this.mode === 'text') {
      const text = formatReceived(selected, date, this.out, this.options.verbose, label);
      if (text !== undefined) this.write(this.io.stdout, text);
      return;
    }
    const line = jsonLine(selected, date, this.out.binary);
    if (line !== undefined) this.write(this.io.stdout, line);
    else if (selected.kind === 'invalid') this.note(`not JSON, left out: ${selected.reason}`, date);
    else if (selected.kind === 'skipped' && this.options.verbose) this.note(`skipped: ${selected.reason}`, date);
  }

  /** A frame this side sent, shown in `text` mode only (a terminal already shows what was typed). */
  sent(frame: Frame, date = new Date()): void {
    if (this.mode === 'text') this.write(this.io.stdout, formatSent(frame, date, this.out));
  }

  /** A note about the session: a status, a command's answer, how it ended. */
  note(text: string, date = new Date()): void {
    if (this.mode === 'text') this.write(this.io.stdout, formatNote(text, date, this.out));
    else this.write(this.io.stderr, formatNote(text, date, this.err));
  }

  /** A line as it is (the help of the commands, a server's address). */
  plain(text: string): void {
    this.write(this.mode === 'text' ? this.io.stdout : this.io.stderr, text);
  }

  /** An error, on stderr: `error: ...`, in red on a terminal. */
  error(text: string): void {
    this.write(this.io.stderr, `${this.err.colours.red('error:')} ${text}`);
  }
}
