import { parseArguments } from './args.js';
import { connect } from './connect.js';
import { ExitCode } from './exit-code.js';
import type { CliIo } from './io.js';
import { listen } from './listen.js';

const processIo = (): CliIo => ({
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signals: process,
});

/**
 * Runs `aws-ws` with these arguments (as `process.argv` has them: node, the script, then the arguments) and
 * resolves with its exit code (see {@link ExitCode}); it never rejects. Expected failures (a bad option, a refused
 * connection, a 401) are one line on stderr, never a stack trace; `AWS_WS_DEBUG=1` adds the stack of an unexpected
 * one.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(['node', 'aws-ws', 'ws://localhost:8080', '--count', '1'])
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const parsed = parseArguments(argv, { out: (text) => io.stdout.write(text), err: (text) => io.stderr.write(text) });
  if (parsed.kind === 'exit') return parsed.code;
  try {
    return parsed.options.mode === 'connect' ? await connect(parsed.options, io) : await listen(parsed.options, io);
  } catch (error) {
    const detail = io.env.AWS_WS_DEBUG ? ((error as Error).stack ?? String(error)) : String(error);
    io.stderr.write(`error: unexpected: ${detail}\n(please report it; AWS_WS_DEBUG=1 shows where it happened)\n`);
    return ExitCode.failure;
  }
}
