import { createRequire } from 'node:module';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { BinaryEncoding } from './binary.js';
import { ExitCode } from './exit-code.js';
import type { OutputMode } from './format.js';
import type { Selection } from './select.js';
import { parseDuration, parseSize } from './units.js';

/** What both modes share. */
interface CommonOptions {
  /** Lines read as binary in this encoding, and received binary shown in it (hex when not given). */
  readonly binary: BinaryEncoding | undefined;
  readonly selection: Selection;
  /** `text` for a person, `jsonl` for a program; by default `text` on a terminal and `jsonl` when piped. */
  readonly output: OutputMode | undefined;
  readonly color: boolean;
  readonly showPingPong: boolean;
  readonly verbose: boolean;
  /** Subprotocols offered (connect) or accepted (listen). */
  readonly protocols: readonly string[];
}

/** `aws-ws <url>`: a client. */
export interface ConnectOptions extends CommonOptions {
  readonly mode: 'connect';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly reconnect: boolean;
  readonly heartbeat: number | undefined;
  /** A file of certificate authorities to trust (PEM). */
  readonly ca: string | undefined;
  readonly insecure: boolean;
  readonly maxSize: number | undefined;
  readonly count: number | undefined;
  readonly timeout: number | undefined;
  /** Messages sent as soon as the connection is open, before stdin. */
  readonly execute: readonly string[];
}

/** `aws-ws --listen <port>`: a server. */
export interface ListenOptions extends CommonOptions {
  readonly mode: 'listen';
  readonly port: number;
  readonly host: string;
  readonly path: string;
  /** `echo` sends each message back, `broadcast` relays it to every other client, `interactive` prints it (and
   * broadcasts the lines typed). */
  readonly behaviour: 'echo' | 'broadcast' | 'interactive';
}

type CliOptions = ConnectOptions | ListenOptions;

/** What parsing the command line gives: options to run with, or an exit (after `--help`, `--version` or an error). */
export type Parsed = { readonly kind: 'run'; readonly options: CliOptions } | { readonly kind: 'exit'; readonly code: ExitCode };

/** Where the parser writes help and errors. */
export interface ParserOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const examples = `
Examples:
  $ aws-ws ws://localhost:8080/chat                  talk to a server at the prompt
  $ aws-ws wss://example.com -H 'Authorization: Bearer xyz' -s chat
  $ aws-ws localhost:8888 --reconnect --heartbeat 5s keep the connection up, print its statuses
  $ echo '{"single":{"_0":{"getUsers":{"count":2}}}}' | aws-ws ws://localhost:8888 --count 1 --field response._0.success
  $ aws-ws ws://localhost:8888 --case event.newUser --field user.name --count 3 | jq -r .
  $ aws-ws ws://localhost:8080 -x hello --count 1 --timeout 5s
  $ aws-ws --listen 8080 --echo                      an echo server on ws://127.0.0.1:8080/
  $ aws-ws --listen 8080 --broadcast                 a chat: each message goes to every other client

At the prompt: /close [code] [reason], /ping [text], /pong [text], /binary <data>, /help; Ctrl-D closes with 1000.
When stdout is not a terminal, every message received is written as one JSON line (--output text to change that).

Exit codes: 0 closed with 1000 (or --count reached), 2 bad usage or URL, 3 could not connect,
  4 handshake refused with an HTTP status (401...), 5 closed with another code, 6 dropped (1006),
  7 --timeout before --count (or before the connection opened), 1 unexpected error.
Colours only on a terminal, and never with NO_COLOR set or --no-color.`;

// `src` and `dist` are both one level under the package's root: the version is read where it is kept.
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const invalid = (message: string) => new InvalidArgumentError(message);

function wholeNumber(minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= minimum && value <= maximum)) throw invalid(`expected a whole number from ${minimum} to ${maximum}`);
    return value;
  };
}

function duration(text: string): number {
  const value = parseDuration(text);
  if (value === undefined || value <= 0) throw invalid('expected a duration such as 500ms, 5s, 1m (a plain number is seconds)');
  return value;
}

function size(text: string): number {
  const value = parseSize(text);
  if (value === undefined || value < 1) throw invalid('expected a size in bytes such as 65536, 64k or 1M');
  return value;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function header(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const colon = value.indexOf(':');
  const name = colon < 0 ? '' : value.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw invalid(`expected "Name: value", got ${JSON.stringify(value)}`);
  return { ...previous, [name]: value.slice(colon + 1).trim() };
}

/**
 * The URL to connect to: `ws:` or `wss:`; `http:` and `https:` are taken as `ws:` and `wss:`, and a URL without a
 * scheme (`localhost:8080`) as `ws:`, as wscat does. Throws a message for anything else.
 */
export function normalizeUrl(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `ws://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`invalid URL ${JSON.stringify(text)}: not a URL`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`invalid URL ${JSON.stringify(text)}: the scheme must be ws: or wss:, not ${url.protocol}`);
  }
  if (url.hostname === '') throw new Error(`invalid URL ${JSON.stringify(text)}: no host`);
  return url.href;
}

function program(output: ParserOutput): Command {
  return new Command('aws-ws')
    .description('A WebSocket client and server for the terminal, on the Async WebSocket packages.')
    .usage('[options] <url>\n       aws-ws --listen <port> [--echo | --broadcast] [options]')
    .argument('[url]', 'the server to connect to: ws://host:port/path (wss: for TLS; ws: when left out)')
    .option('-H, --header <header>', 'a handshake header, "Name: value" (repeatable)', header)
    .option('-s, --subprotocol <name>', 'a subprotocol to offer, or to accept with --listen (repeatable)', collect)
    .option('-x, --execute <message>', 'send this message once connected, before reading stdin (repeatable)', collect)
    .option('-r, --reconnect', 'reconnect when the connection drops, printing each attempt')
    .option('--heartbeat <duration>', 'ping at this interval; no pong in time ends the connection (1006)', duration)
    .option('--ca <file>', 'trust the certificate authorities of this PEM file (wss:)')
    .option('-k, --insecure', 'do not verify the server certificate (wss:)')
    .option('--max-size <bytes>', 'the largest message accepted; a larger one closes with 1009', size)
    .addOption(new Option('--binary <encoding>', 'send lines as binary in this encoding; show binary in it').choices(['hex', 'base64']))
    .option('--json', 'decode messages as JSON: pretty and coloured on a terminal, one line each when piped')
    .option('--case <path>', 'keep one case of a tagged union (caseOf path: event.newUser); implies --json')
    .option('--field <path>', 'print one field (field key path: users.0.name); implies --json')
    .option('-n, --count <n>', 'exit after n messages received (after --case and --field)', wholeNumber(1))
    .option('-t, --timeout <duration>', 'exit after this time, the opening included (code 7 when --count is not reached)', duration)
    .option('-P, --show-ping-pong', 'print the pings and pongs received')
    .addOption(
      new Option('--output <mode>', 'text for people, jsonl for programs (default: text on a terminal)').choices(['text', 'jsonl']),
    )
    .option('--no-color', 'no colours (also when NO_COLOR is set, or the output is not a terminal)')
    .option('-v, --verbose', 'also print the messages that --case or --field leave out, and why')
    .option('-l, --listen <port>', 'serve instead of connecting, on this port (0 picks a free one)', wholeNumber(0, 65_535))
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--path <path>', 'the path to serve', '/')
    .option('--echo', 'with --listen: send every message back')
    .option('--broadcast', 'with --listen: relay every message to every other client (a chat)')
    .version(version, '-V, --version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', examples)
    .showHelpAfterError('(aws-ws --help shows the options and examples)')
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .exitOverride();
}

interface Raw {
  header?: Record<string, string>;
  subprotocol?: string[];
  execute?: string[];
  reconnect?: true;
  heartbeat?: number;
  ca?: string;
  insecure?: true;
  maxSize?: number;
  binary?: BinaryEncoding;
  json?: true;
  case?: string;
  field?: string;
  count?: number;
  timeout?: number;
  showPingPong?: true;
  output?: OutputMode;
  color: boolean;
  verbose?: true;
  listen?: number;
  host: string;
  path: string;
  echo?: true;
  broadcast?: true;
}

/** Why the options cannot go together, or `undefined` when they can. */
function conflict(raw: Raw, url: string | undefined): string | undefined {
  if (raw.listen === undefined) {
    if (url === undefined) return 'missing the URL to connect to (or --listen <port> to serve)';
    if (raw.echo || raw.broadcast) return '--echo and --broadcast need --listen';
    return undefined;
  }
  if (url !== undefined) return 'give a URL to connect to, or --listen to serve, not both';
  if (raw.echo && raw.broadcast) return '--echo and --broadcast cannot go together';
  if (!raw.path.startsWith('/')) return `--path must start with "/": ${raw.path}`;
  const clientOnly = ['reconnect', 'heartbeat', 'ca', 'insecure', 'count', 'timeout'] as const;
  const given = clientOnly.find((name) => raw[name] !== undefined);
  if (given !== undefined) return `--${given} is for connecting, not for --listen`;
  if (raw.execute !== undefined || raw.header !== undefined) return '-x and -H are for connecting, not for --listen';
  return undefined;
}

/**
 * Parses the command line (`argv` as `process.argv` has it: node, the script, then the arguments) with commander.
 * Help and version go to `output.out`; a usage error goes to `output.err`, with a hint, and gives exit code 2.
 */
export function parseArguments(argv: readonly string[], output: ParserOutput): Parsed {
  const command = program(output);
  try {
    command.parse([...argv], { from: 'node' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { kind: 'exit', code: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage };
  }
  const raw = command.opts<Raw>();
  const [given] = command.processedArgs as (string | undefined)[];
  const usage = (message: string): Parsed => {
    output.err(`error: ${message}\n(aws-ws --help shows the options and examples)\n`);
    return { kind: 'exit', code: ExitCode.usage };
  };
  const problem = conflict(raw, given);
  if (problem !== undefined) return usage(problem);
  const common: CommonOptions = {
    binary: raw.binary,
    selection: { json: raw.json === true, case: raw.case, field: raw.field },
    output: raw.output,
    color: raw.color,
    showPingPong: raw.showPingPong === true,
    verbose: raw.verbose === true,
    protocols: raw.subprotocol ?? [],
  };
  if (raw.listen !== undefined) {
    const behaviour = raw.echo ? 'echo' : raw.broadcast ? 'broadcast' : 'interactive';
    return { kind: 'run', options: { ...common, mode: 'listen', port: raw.listen, host: raw.host, path: raw.path, behaviour } };
  }
  let url: string;
  try {
    url = normalizeUrl(given ?? '');
  } catch (error) {
    return usage((error as Error).message);
  }
  return {
    kind: 'run',
    options: {
      ...common,
      mode: 'connect',
      url,
      headers: raw.header ?? {},
      reconnect: raw.reconnect === true,
      heartbeat: raw.heartbeat,
      ca: raw.ca,
      insecure: raw.insecure === true,
      maxSize: raw.maxSize,
      count: raw.count,
      timeout: raw.timeout,
      execute: raw.execute ?? [],
    },
  };
}
