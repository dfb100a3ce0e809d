import type { WebSocket } from 'ws';
import { isMain } from '../shared/is-main.js';
import { answerCloseWithCodeOnly } from './close-with-code-only.js';
import type { TcpAddress } from './listen-address.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type OnConnection, type RunningServer } from './serve.js';
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
 * with its code alone.
 */
export function handleTimeConnection(log: ServerLog = console.log, now: () => Date = () => new Date()): OnConnection {
  return (socket) => {
    answerCloseWithCodeOnly(socket);
    socket.on('message', (data, isBinary) => log(describeMessage(data, isBinary)));
    socket.on('pong', (data) => log(`[Received pong] ${describeData(data)}`));
    tellTheTime(socket, now);
  };
}

// Like the Swift server, the next date is scheduled once the previous one is written, so a slow client gets fewer.
function tellTheTime(socket: WebSocket, now: () => Date): void {
  let timer: NodeJS.Timeout | undefined;
  const sendDate = (): void => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(`Current Server Date: ${formatServerDate(now())}`, (error) => {
      if (error !== undefined && error !== null) return void socket.terminate();
      // Once closed, the socket has cleared its timer already: a new one must not start.
      if (socket.readyState === socket.OPEN) timer = setTimeout(sendDate, timeIntervalMs);
    });
  };
  socket.once('close', () => clearTimeout(timer));
  sendDate();
}

/** Starts the Time server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startTimeServer(address?: TcpAddress, log?: ServerLog): Promise<RunningServer> {
  return serve(handleTimeConnection(log), address);
}

if (isMain(import.meta.url)) {
  await runServer(handleTimeConnection(), (bound) => `Server started and listening on ${formatBoundAddress(bound)}`);
}
