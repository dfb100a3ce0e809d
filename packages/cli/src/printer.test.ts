import { Frame } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { Printer } from './printer.js';
import { testIo } from './testing/io.js';

const options = { output: undefined, color: true, binary: undefined, verbose: false } as const;
const hello = { kind: 'frame' as const, frame: Frame.text('hello') };

describe('Printer', () => {
  it('on a terminal: text lines on stdout, notes too, in colour; errors on stderr', () => {
    const io = testIo({ stdoutTTY: true });
    const printer = new Printer(io, options);
    expect(printer.mode).toBe('text');
    printer.received(hello);
    printer.note('connected');
    printer.error('oops');
    expect(io.stdout.lines()).toHaveLength(2);
    expect(io.stdout.text).toContain('\u001b[36m<\u001b[39m');
    expect(io.stderr.text).toBe('error: oops\n'); // stderr is no terminal here: no colour
  });

  it('piped: one JSON line per frame on stdout, and everything else on stderr', () => {
    const io = testIo();
    const printer = new Printer(io, options);
    expect(printer.mode).toBe('jsonl');
    printer.received(hello);
    printer.received({ kind: 'invalid', reason: 'not valid JSON', frame: Frame.text('x') });
    printer.received({ kind: 'skipped', reason: 'other case', frame: Frame.text('{}') });
    printer.sent(Frame.text('not shown'));
    printer.note('connected');
    printer.plain('help');
    expect(io.stdout.lines().map((line) => JSON.parse(line) as unknown)).toEqual([
      { type: 'text', text: 'hello', time: expect.any(String) },
    ]);
    expect(io.stderr.lines()).toEqual([
      expect.stringMatching(/^\* \S+ not JSON, left out: not valid JSON$/),
      expect.stringMatching(/^\* \S+ connected$/),
      'help',
    ]);
  });

  it('--output text on a pipe: text without colour, the frames sent shown too; -v shows what was skipped', () => {
    const io = testIo();
    const printer = new Printer(io, { ...options, output: 'text', verbose: true });
    printer.sent(Frame.text('out'));
    printer.received({ kind: 'skipped', reason: 'other case', frame: Frame.text('{}') });
    expect(io.stdout.lines()).toEqual([expect.stringMatching(/^> \S+ text {3}out$/), expect.stringMatching(/^· \S+ skipped: other case$/)]);
  });

  it('no colours with NO_COLOR or --no-color, even on a terminal', () => {
    for (const [env, color] of [
      [{ NO_COLOR: '1' }, true],
      [{}, false],
    ] as const) {
      const io = testIo({ stdoutTTY: true, env });
      new Printer(io, { ...options, color }).received(hello);
      expect(io.stdout.text).not.toContain('\u001b[');
    }
  });
});
