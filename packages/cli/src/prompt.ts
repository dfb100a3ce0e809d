import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { InputStream, OutputStream } from './io.js';

/** Where the prompt reads and shows itself. */
export interface PromptOptions {
  readonly input: InputStream;
  /** Where the prompt and the echo of what is typed go, on a terminal. */
  readonly output: OutputStream;
  /** Line editing, history and a prompt (a terminal), or plain lines (a pipe). */
  readonly terminal: boolean;
  /** @default '> ' */
  readonly prompt?: string;
}

/** What a prompt reports. */
export interface PromptEvents {
  readonly line: (line: string) => void;
  /** The input ended: Ctrl-D on a terminal, the end of a pipe. */
  readonly end: () => void;
  /** Ctrl-C on a terminal (readline takes it over from the process there). */
  readonly interrupt: () => void;
}

/**
 * The input side of a session, on Node's `readline`: on a terminal, a prompt with line editing and a history of the
 * last 1000 lines (up and down arrows); on a pipe, one message per line. Lines printed while the prompt shows go
 * above it, and what was being typed is kept.
 */
export class Prompt {
  private readonly readline: Interface;
  private closed = false;

  constructor(
    private readonly options: PromptOptions,
    events: PromptEvents,
  ) {
    const { input, output, terminal, prompt = '> ' } = options;
    this.readline = createInterface({
      input,
      ...(terminal ? { output } : {}),
      terminal,
      prompt,
      historySize: 1000,
      removeHistoryDuplicates: true,
    });
    this.readline.on('line', (line) => {
      events.line(line);
      if (terminal && !this.closed) this.readline.prompt();
    });
    this.readline.on('close', () => {
      const wasOpen = !this.closed;
      this.closed = true;
      if (wasOpen) events.end();
    });
    this.readline.on('SIGINT', events.interrupt);
    if (terminal) this.readline.prompt();
  }

  /** Writes a line to a stream; when it is the prompt's terminal, above the prompt, keeping what is being typed. */
  print(stream: OutputStream, text: string): void {
    if (!this.options.terminal || this.closed || stream !== this.options.output) {
      stream.write(`${text}\n`);
      return;
    }
    clearLine(stream, 0);
    cursorTo(stream, 0);
    stream.write(`${text}\n`);
    this.readline.prompt(true);
  }

  /** Stops reading; no `end` is reported for it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.options.terminal) {
      // Leave the terminal on a fresh line, not after the prompt.
      clearLine(this.options.output, 0);
      cursorTo(this.options.output, 0);
    }
    this.readline.close();
  }
}
