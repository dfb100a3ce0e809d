import { readFile } from 'node:fs/promises';
import { type Connection, ConnectionClosedError, type ConnectionStatus, Frame, ID, type Settings, WebSocketError } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { filter, type Subscription } from 'rxjs';
import type { ConnectOptions } from './args.js';
import { type Command, commandHelp, parseCommand } from './commands.js';
import { describeError } from './describe-error.js';
import { ExitCode, exitCodeOfError, exitCodeOfStatus } from './exit-code.js';
import { describeStatus } from './format.js';
import { type CliIo, onTermination } from './io.js';
import { Printer } from './printer.js';
import { Prompt } from './prompt.js';
import { printed, select, type Selected } from './select.js';

type FinalStatus = Extract<ConnectionStatus, { type: 'didClose' | 'didFail' }>;

const isFinal = (status: ConnectionStatus): status is FinalStatus => status.type === 'didClose' || status.type === 'didFail';

/** The client's settings for the command line's options. */
async function settingsOf(options: ConnectOptions, id: ID, signal: AbortSignal): Promise<Settings> {
  const tls = {
    ...(options.ca === undefined ? {} : { ca: await readFile(options.ca, 'utf8') }),
    ...(options.insecure ? { rejectUnauthorized: false } : {}),
  };
  return {
    id,
    url: options.url,
    signal,
    // A person waits at the prompt for the close to end: a server that never answers holds it 5 s, not 30.
    closeTimeout: 5000,
    ...(Object.keys(options.headers).length === 0 ? {} : { headers: options.headers }),
    ...(options.protocols.length === 0 ? {} : { protocols: options.protocols }),
    ...(Object.keys(tls).length === 0 ? {} : { tls }),
    ...(options.maxSize === undefined ? {} : { maxMessageSize: options.maxSize }),
    ...(options.heartbeat === undefined ? {} : { heartbeat: { interval: options.heartbeat } }),
    ...(options.reconnect ? { reconnect: true } : {}),
  };
}

/** Whether a selected frame counts for `--count`: a message shown, not a control frame, not one left out. */
const counts = (selected: Selected): boolean =>
  selected.kind === 'value' || (selected.kind === 'frame' && selected.frame.type === 'message');

/**
 * `aws-ws <url>`: connects with `@aws/client-live`, prints what arrives through the operators' selection, sends
 * what is typed (or piped), and resolves with the exit code of how it ended.
 */
export async function connect(options: ConnectOptions, io: CliIo): Promise<ExitCode> {
  const printer = new Printer(io, options);
  const aborting = new AbortController();
  let settings: Settings;
  try {
    settings = await settingsOf(options, ID(), aborting.signal);
  } catch (error) {
    printer.error(`cannot read the --ca file ${options.ca ?? ''}: ${(error as Error).message}`);
    return ExitCode.usage;
  }

  const client = createLiveClient();
  const subscriptions: Subscription[] = [];
  let closing = false;
  let prompt: Prompt | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let connection: Connection | undefined;

  const close = (code = 1000, reason = ''): void => {
    if (connection === undefined) return aborting.abort();
    if (closing) return;
    closing = true;
    connection.close(code, reason).catch((error: unknown) => {
      // The connection ended meanwhile (the server closed first): its final status tells how.
      if (error instanceof ConnectionClosedError) return;
      // A code or reason the client refuses changes nothing: the session goes on.
      closing = false;
      printer.error(`cannot close: ${(error as Error).message}`);
    });
  };
  const stopSignals = onTermination(io, () => close());
  // From the start: `--timeout` bounds the opening too (with --reconnect against a server that is down).
  let timedOut = false;
  if (options.timeout !== undefined) {
    timer = setTimeout(() => {
      timedOut = true;
      close();
    }, options.timeout);
  }

  try {
    const connecting = client.connect(settings);
    const final = new Promise<FinalStatus>((resolve) => {
      subscriptions.push(
        client.status(settings.id).subscribe((status) => {
          if (isFinal(status)) return resolve(status);
          const text = describeStatus(status, options.url);
          if (text !== undefined) printer.note(text);
        }),
      );
    });
    try {
      connection = await connecting;
    } catch (error) {
      if (!(error instanceof WebSocketError)) throw error;
      const failure = error as Parameters<typeof describeError>[0];
      if (failure._tag !== 'AbortedError') printer.error(describeError(failure, options.url));
      else if (timedOut) printer.error(`no connection to ${options.url} within --timeout`);
      else printer.error(`interrupted while connecting to ${options.url}`);
      return timedOut ? ExitCode.timedOut : exitCodeOfError(failure);
    }
    const open = connection;

    const terminal = io.stdin.isTTY === true;
    const pending = new Set<Promise<void>>();
    const track = (sending: Promise<void>, frame: Frame) => {
      if (!terminal) printer.sent(frame);
      const tracked = sending
        .catch((error: unknown) => printer.error(`not sent: ${(error as Error).message}`))
        .finally(() => pending.delete(tracked));
      pending.add(tracked);
    };
    const perform = (command: Command): void => {
      switch (command.type) {
        case 'send':
          return track(open.send(command.frame), command.frame);
        case 'ping':
        case 'pong': {
          const frame = command.type === 'ping' ? Frame.ping(command.data) : Frame.pong(command.data);
          return track(open.send(frame), frame);
        }
        case 'close':
          return close(command.code, command.reason);
        case 'help':
          return printer.plain(commandHelp);
        case 'invalid':
          return printer.error(command.message);
      }
    };

    prompt = new Prompt(
      { input: io.stdin, output: io.stdout.isTTY === true ? io.stdout : io.stderr, terminal },
      {
        line: (line) => perform(parseCommand(line, options.binary)),
        // The end of the input ends the session, once what was read is written; unless the session waits for
        // messages (--count) or for a time (--timeout), as `echo request | aws-ws url --count 1` does.
        end: () => {
          if (options.count === undefined && options.timeout === undefined) void Promise.allSettled(pending).then(() => close());
        },
        interrupt: () => close(),
      },
    );
    printer.attach(prompt);

    let received = 0;
    subscriptions.push(
      open.frames.pipe(filter(printed(options.showPingPong)), select(options.selection)).subscribe((selected) => {
        if (options.count !== undefined && received >= options.count) return;
        printer.received(selected);
        if (counts(selected) && ++received === options.count) close();
      }),
    );
    for (const message of options.execute) perform(parseCommand(message, options.binary));

    const status = await final;
    prompt.close();
    printer.attach(undefined);
    if (status.type === 'didClose') printer.note(describeStatus(status, options.url) ?? '');
    else printer.error(describeError(status.error, options.url));
    return timedOut && options.count !== undefined && received < options.count ? ExitCode.timedOut : exitCodeOfStatus(status);
  } finally {
    clearTimeout(timer);
    stopSignals();
    prompt?.close();
    for (const subscription of subscriptions) subscription.unsubscribe();
    await client.closeAll().catch(() => {});
  }
}
