import { isMain } from '../shared/is-main.js';
import { formatBoundAddress, runServer } from './run-server.js';
import { serve, type OnConnection, type RunningServer } from './serve.js';
import type { TcpAddress } from './listen-address.js';
import { describeData, describeMessage, type ServerLog } from './server-log.js';

/**
 * The Echo server: every text, binary and pong frame comes back with the same opcode, a ping gets a pong with the same
 * payload, and a close frame gets its code and reason back before the connection closes. Each frame is logged.
 */
export function handleEchoConnection(log: ServerLog = console.log): OnConnection {
  return (socket) => {
    socket.on('message', (data, isBinary) => {
      log(describeMessage(data, isBinary));
      socket.send(data, { binary: isBinary });
    });
    // `ws` answers pings itself (its `autoPong` option) with the same payload, and echoes the close frame's code and
    // reason when it answers a close: only pongs are left to echo by hand.
    socket.on('ping', (data) => log(`[Received ping] ${describeData(data)}`));
    socket.on('pong', (data) => {
      log(`[Received pong] ${describeData(data)}`);
      socket.pong(data);
    });
    socket.on('close', (code, reason) => log(`[Connection closed] ${code} ${reason.toString()}`.trimEnd()));
  };
}

/** Starts the Echo server; `{ host: '127.0.0.1', port: 0 }` for a free port. */
export function startEchoServer(address?: TcpAddress, log?: ServerLog): Promise<RunningServer> {
  return serve(handleEchoConnection(log), address);
}

if (isMain(import.meta.url)) {
  await runServer(handleEchoConnection(), (bound) => `Server started and listening on ${formatBoundAddress(bound)}`);
}
