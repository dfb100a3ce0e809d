import { Frame } from '@aws/client';
import type { ServerConnection, Service } from '@aws/server';
import { isMain } from '../shared/is-main.js';
import type { TcpAddress } from './listen-address.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type RunningServer } from './serve.js';
import { describeData, describeMessage, type ServerLog } from './server-log.js';

/** How often the Time server tells the time. */
export const timeIntervalMs = 1_000;

/**
 * Formats a date as Foundation's `Date.description` does, which is what the Swift Time server sends:
 * `2024-11-28 19:13:07 +0000`, always in UTC.
 */
export function formatServerDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}

/**
 * The Time server: from the moment a client connects, and then every second, it sends
 * `Current Server Date: yyyy-MM-dd HH:mm:ss +0000`. What the client sends is only logged; a close frame is answered
 * with its code alone (see {@link startTimeServer}).
 */
export function handleTimeConnection(log: ServerLog = console.log, now: () => Date = () => new Date()): Service {
  return {
    async connected(connection) {
      tellTheTime(connection, now);
      for await (const frame of connection.frames) {
        if (frame.type === 'message') log(describeMessage(frame.message));
        else if (frame.type === 'pong') log(`[Received pong] ${describeData(frame.data)}`);
      }
    },
  };
}

// Like the Swift server, the next date is scheduled once the previous one is written, so a slow client gets fewer.
function tellTheTime(connection: ServerConnection, now: () => Date): void {
  let timer: NodeJS.Timeout | undefined;
  const sendDate = (): void => {
    if (!connection.isOpen()) return;
    connection.send(Frame.text(`Current Server Date: ${formatServerDate(now())}`)).then(
      () => {
        // Once the connection is closing, no new timer may start.
        if (connection.isOpen()) timer = setTimeout(sendDate, timeIntervalMs);
      },
      // A write that fails ends the connection.
      () => void connection.drop(),
    );
  };
  void connection.closed.then(() => clearTimeout(timer));
  sendDate();
}

/** Starts the Time server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startTimeServer(address?: TcpAddress, log?: ServerLog): Promise<RunningServer> {
  return serve(handleTimeConnection(log), address, { closeWithCodeOnly: true });
}

if (isMain(import.meta.url)) {
  await runServer(handleTimeConnection(), (bound) => `Server started and listening on ${formatBoundAddress(bound)}`, {
    closeWithCodeOnly: true,
  });
}
