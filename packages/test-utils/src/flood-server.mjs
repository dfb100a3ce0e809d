// A server in its own process for backpressure tests: on connection it sends `count` messages of `size` bytes as
// fast as the client takes them, writing only while its own buffer is under 1 MiB, and reports to the parent how
// often its writes stalled (the client's TCP window was full) and its largest bufferedAmount.
import { WebSocketServer } from 'ws';

const [count, size] = process.argv.slice(2).map(Number);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => process.send({ port: wss.address().port }));
wss.on('connection', (socket) => {
  let sent = 0;
  let stalls = 0;
  let maxBuffered = 0;
  const payload = Buffer.alloc(size - 8, 0x61);
  const pump = () => {
    while (sent < count) {
      if (socket.bufferedAmount > 1024 * 1024) {
        stalls += 1;
        return setTimeout(pump, 5);
      }
      const header = Buffer.alloc(8);
      header.writeUInt32BE(sent, 0);
      socket.send(Buffer.concat([header, payload]));
      sent += 1;
      maxBuffered = Math.max(maxBuffered, socket.bufferedAmount);
    }
    process.send({ done: true, stalls, maxBuffered });
  };
  pump();
});
process.on('message', () => process.exit(0));
