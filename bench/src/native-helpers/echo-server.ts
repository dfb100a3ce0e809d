/**
 * A raw `ws` echo server in a process of its own, for `native-helpers.ts`: prints its port to the parent, and on any
 * message from it answers with the CPU time (µs, user + system) spent since its first connection.
 */
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
let start: NodeJS.CpuUsage | undefined;
wss.on('listening', () => process.send?.((wss.address() as { port: number }).port));
wss.on('connection', (ws) => {
  start = process.cpuUsage();
  ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
});
process.on('message', () => {
  const used = process.cpuUsage(start);
  process.send?.(used.user + used.system);
});
