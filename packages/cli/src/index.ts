export { ExitCode } from './exit-code.js';
export type { CliIo, InputStream, OutputStream } from './io.js';
export { runCli } from './main.js';
