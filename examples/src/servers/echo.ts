import type { Service } from '@aws/server';
import { isMain } from '../shared/is-main.js';
import type { TcpAddress } from './listen-address.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type RunningServer } from './serve.js';
import { describeData, describeMessage, type ServerLog } from './server-log.js';

const ignore = (): void => {};

/**
 * The Echo server: every text, binary and pong frame comes back with the same opcode, a ping gets a pong with the same
 * payload, and a close frame gets its code and reason back before the connection closes. Each frame is logged.
 */
export function handleEchoConnection(log: ServerLog = console.log): Service {
  return {
    // A client that sends faster than it reads its echoes fills its send queue, and is then closed with 1008 rather
    // than queued for without bound.
    options: { sendQueue: { overflow: 'close' } },
    // Every frame is answered in the turn it arrives, as `ws` did: the server answers a ping at once, so an echo
    // awaited through `for await` or `received` would fall behind the pong of a ping sent after it.
    connected(connection) {
      connection.frames.subscribe((frame) => {
        switch (frame.type) {
          case 'message':
            log(describeMessage(frame.message));
            // A send fails only when the connection ends (reported by `disconnected`) or is closed as too slow.
            connection.send(frame).catch(ignore);
            return;
          case 'ping':
            // Answered by the server itself with a pong of the same payload.
            return log(`[Received ping] ${describeData(frame.data)}`);
          case 'pong':
            log(`[Received pong] ${describeData(frame.data)}`);
            connection.send(frame).catch(ignore);
            return;
          case 'close':
            // Answered by the server with the same code and reason; the connection then ends.
            return;
        }
      });
    },
    disconnected: (_connection, close) => log(`[Connection closed] ${close.code} ${close.reason}`.trimEnd()),
  };
}

/** Starts the Echo server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startEchoServer(address?: TcpAddress, log?: ServerLog): Promise<RunningServer> {
  return serve(handleEchoConnection(log), address);
}

if (isMain(import.meta.url)) {
  await runServer(handleEchoConnection(), (bound) => `Server started and listening on ${formatBoundAddress(bound)}`);
}
