import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Prompt } from './prompt.js';
import { testIo } from './testing/io.js';

function prompt(terminal: boolean) {
  const io = testIo({ stdoutTTY: terminal });
  const events = { lines: [] as string[], ended: 0, interrupted: 0 };
  const input = new PassThrough();
  const subject = new Prompt(
    { input, output: io.stdout, terminal },
    { line: (line) => events.lines.push(line), end: () => events.ended++, interrupt: () => events.interrupted++ },
  );
  return { io, input, events, subject };
}

// What a terminal would show, roughly: the text without its control sequences.
const visible = (text: string) => text.replace(new RegExp(`${'\u001b'}\\[\\d*[A-Za-z]`, 'g'), '');
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Prompt', () => {
  it('on a pipe: one line per message, the end reported once, no prompt drawn', async () => {
    const { io, input, events, subject } = prompt(false);
    input.write('one\ntwo\n');
    input.end();
    await settle();
    expect(events).toEqual({ lines: ['one', 'two'], ended: 1, interrupted: 0 });
    subject.print(io.stdout, 'plain');
    expect(io.stdout.text).toBe('plain\n');
  });

  it('on a terminal: a prompt, output above it with what is being typed kept, history on the up arrow, Ctrl-C', async () => {
    const { io, input, events, subject } = prompt(true);
    expect(visible(io.stdout.text)).toBe('> ');
    input.write('hello\r');
    await settle();
    input.write('half');
    await settle();
    subject.print(io.stdout, '< arrived');
    // The line is cleared, the output written, and the prompt drawn again with the half-typed text.
    expect(io.stdout.text).toContain('\u001b[2K\u001b[1G< arrived\n');
    expect(visible(io.stdout.text)).toMatch(/< arrived\n> half$/);
    input.write('\u0015'); // Ctrl-U: clear the line
    input.write('\u001b[A\r'); // up: the last line again, sent
    input.write('\u0003'); // Ctrl-C
    await settle();
    expect(events.lines).toEqual(['hello', 'hello']);
    expect(events.interrupted).toBe(1);
    subject.close();
    subject.close();
    expect(events.ended).toBe(0); // closing it is no end of the input
  });
});
