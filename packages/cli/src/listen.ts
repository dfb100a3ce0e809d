import { Frame, type Message } from '@aws/client';
import { accept, type ServerConnection, type Service } from '@aws/server';
import { createLiveServer } from '@aws/server-live';
import { filter } from 'rxjs';
import type { ListenOptions } from './args.js';
import { type Command, parseCommand } from './commands.js';
import { ExitCode } from './exit-code.js';
import { describeClose } from './format.js';
import { type CliIo, onTermination } from './io.js';
import { Printer } from './printer.js';
import { Prompt } from './prompt.js';
import { printed, select } from './select.js';

/** What a connection of `aws-ws --listen` carries: its number, for the output (`#3`). */
interface Visitor {
  readonly number: number;
}

const serverCommands = [
  '/close [code] [reason]   close every connection (default 1001) and stop the server',
  '/ping [text]             ping every connection',
  '/text <text>, //text     send text that starts with a slash; /binary <data> sends binary',
  'Any other line is sent to every connected client (as binary with --binary).',
].join('\n');

/**
 * `aws-ws --listen <port>`: a server on `@aws/server-live`, serving one path. `--echo` sends every message back,
 * `--broadcast` relays it to every other client (the Kitura chat), and either way the lines typed (or piped) go to
 * every client. It prints connections, messages and disconnections with their codes, and runs until SIGINT or
 * SIGTERM, `/close`, or, without `--echo` and `--broadcast`, the end of its input.
 */
export async function listen(options: ListenOptions, io: CliIo): Promise<ExitCode> {
  const printer = new Printer(io, { ...options, output: options.output ?? 'text' });
  const server = createLiveServer();
  let count = 0;
  let stop!: (close: { code: number; reason: string }) => void;
  const stopped = new Promise<{ code: number; reason: string }>((resolve) => {
    stop = resolve;
  });
  const label = (connection: ServerConnection<Visitor>) => `#${connection.context.number}`;

  const service: Service<Visitor> = {
    upgrade: (request) => {
      const protocol = options.protocols.find((name) => request.protocols.includes(name));
      return accept({ number: ++count }, protocol === undefined ? {} : { protocol });
    },
    connected: (connection) => {
      const query = connection.query.size === 0 ? '' : `?${connection.query.toString()}`;
      const protocol = connection.protocol === '' ? '' : `, protocol ${connection.protocol}`;
      printer.note(`${label(connection)} connected from ${connection.remoteAddress ?? 'unknown'} (${connection.path}${query}${protocol})`);
      connection.frames
        .pipe(filter(printed(options.showPingPong)), select(options.selection))
        .subscribe((selected) => printer.received(selected, label(connection)));
    },
    received: (message: Message, connection) => {
      if (options.behaviour === 'echo') return connection.send({ type: 'message', message });
      if (options.behaviour === 'broadcast') server.broadcast(options.path, { type: 'message', message }, { except: connection });
      return undefined;
    },
    disconnected: (connection, close) => printer.note(`${label(connection)} disconnected ${describeClose(close)}`),
  };
  server.register(options.path, service);

  let url: string;
  try {
    ({ url } = await server.listen({ port: options.port, host: options.host }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'EADDRINUSE' ? 'the address is in use' : (error as Error).message;
    printer.error(`cannot listen on ${options.host}:${options.port}: ${why}`);
    await server.close({ timeout: 100 }).catch(() => {});
    return ExitCode.connectionFailed;
  }
  const address = `${url.replace(/\/$/, '')}${options.path}`;
  const what = options.behaviour === 'interactive' ? '' : ` (${options.behaviour})`;
  printer.note(`listening on ${address}${what}`);

  const perform = (command: Command): void => {
    switch (command.type) {
      case 'send': {
        const { delivered } = server.broadcast(options.path, command.frame);
        return printer.note(`sent to ${delivered} connection${delivered === 1 ? '' : 's'}`);
      }
      case 'ping':
      case 'pong':
        for (const connection of server.connections(options.path)) {
          const sending = command.type === 'ping' ? connection.ping(command.data) : connection.send(Frame.pong(command.data));
          sending.catch((error: unknown) => printer.error(`not sent: ${(error as Error).message}`));
        }
        return;
      case 'close':
        return stop({ code: command.code === 1000 && command.reason === '' ? 1001 : command.code, reason: command.reason });
      case 'help':
        return printer.plain(serverCommands);
      case 'invalid':
        return printer.error(command.message);
    }
  };

  const terminal = io.stdin.isTTY === true;
  const goingAway = { code: 1001, reason: 'server stopping' };
  const prompt = new Prompt(
    { input: io.stdin, output: io.stdout.isTTY === true ? io.stdout : io.stderr, terminal },
    {
      line: (line) => perform(parseCommand(line, options.binary)),
      // An echo or chat server runs on when its input ends (`aws-ws -l 8080 --echo < /dev/null &`).
      end: () => {
        if (options.behaviour === 'interactive') stop(goingAway);
      },
      interrupt: () => stop(goingAway),
    },
  );
  printer.attach(prompt);
  const stopSignals = onTermination(io, () => stop(goingAway));
  try {
    const close = await stopped;
    printer.note(`stopping: closing ${server.connections().length} connection(s) with ${describeClose(close)}`);
    await server.close({ ...close, timeout: 2000 });
    return ExitCode.ok;
  } finally {
    stopSignals();
    prompt.close();
    printer.attach(undefined);
  }
}
