#!/usr/bin/env node
import { runCli } from './main.js';

// A reader that goes away (`aws-ws url | head -1`) breaks the pipe: the session then ends as on SIGTERM (a close
// with 1000), and what is still written is dropped instead of ending the process with an unhandled 'error'.
for (const stream of [process.stdout, process.stderr]) {
  let broken = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (broken) return;
    if (error.code !== 'EPIPE') throw error;
    broken = true;
    process.emit('SIGTERM');
  });
}

const code = await runCli(process.argv);
// Writes to pipes, files and terminals are synchronous on Linux and macOS, so nothing printed is lost; exiting here
// rather than waiting for the event loop to empty means a paused stdin cannot keep the process alive.
process.exit(code);
