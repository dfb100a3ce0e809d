/**
 * A raw `ws` client for `native-helpers.ts`: echoes `total` messages of `size` bytes (text or binary) with 32 in
 * flight, then sends its CPU time per message (µs) to the parent and exits.
 */
import { WebSocket } from 'ws';

const [url = '', totalArg = '0', sizeArg = '0', kind = 'text'] = process.argv.slice(2);
const total = Number(totalArg);
const payload = kind === 'text' ? 'a'.repeat(Number(sizeArg)) : Buffer.alloc(Number(sizeArg), 97);
const inFlight = 32;

const ws = new WebSocket(url);
ws.on('open', () => {
  const start = process.cpuUsage();
  let sent = 0;
  let received = 0;
  const pump = (): void => {
    for (; sent < total && sent - received < inFlight; sent += 1) ws.send(payload);
  };
  ws.on('message', () => {
    received += 1;
    if (received < total) return pump();
    const used = process.cpuUsage(start);
    process.send?.((used.user + used.system) / total);
    ws.close();
  });
  pump();
});
ws.on('close', () => setTimeout(() => process.exit(0), 10));
