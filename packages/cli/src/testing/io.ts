import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { within } from '@aws/test-utils';
import type { CliIo } from '../io.js';

/** A stream that collects what is written to it, and can wait for a pattern to appear. */
class Capture extends PassThrough {
  text = '';
  private readonly waiters = new Set<() => void>();

  readonly isTTY: boolean;

  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
    this.setEncoding('utf8');
    this.on('data', (chunk: string) => {
      this.text += chunk;
      for (const waiter of this.waiters) waiter();
    });
  }

  /** The lines written so far, without the last (empty) one. */
  lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }

  /** Resolves once the text matches `pattern`, within `ms`. */
  async waitFor(pattern: RegExp, ms = 5000): Promise<RegExpMatchArray> {
    let check!: () => void;
    const found = new Promise<RegExpMatchArray>((resolve) => {
      check = () => {
        const match = this.text.match(pattern);
        if (match !== null) resolve(match);
      };
      this.waiters.add(check);
      check();
    });
    try {
      return await within(found, ms, `output matching ${pattern} (got ${JSON.stringify(this.text)})`);
    } finally {
      this.waiters.delete(check);
    }
  }
}

/** The standard streams of a session run in this process: stdin to write to, stdout and stderr captured. */
export interface TestIo extends CliIo {
  readonly stdin: PassThrough;
  readonly stdout: Capture;
  readonly stderr: Capture;
  /** Where the session listens for SIGINT and SIGTERM: emit them to stop it. */
  readonly signals: EventEmitter & Pick<NodeJS.Process, 'on' | 'off'>;
  /** Writes lines to stdin. */
  type(...lines: string[]): void;
}

/** Streams for a session: pipes by default, as when the binary runs in a pipeline; a terminal stdout on request. */
export function testIo(options: { readonly stdoutTTY?: boolean; readonly env?: Record<string, string> } = {}): TestIo {
  const stdin = new PassThrough();
  const signals = new EventEmitter() as TestIo['signals'];
  return {
    stdin,
    stdout: new Capture(options.stdoutTTY),
    stderr: new Capture(),
    env: options.env ?? {},
    signals,
    type: (...lines) => {
      for (const line of lines) stdin.write(`${line}\n`);
    },
  };
}
