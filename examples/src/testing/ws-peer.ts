import { WebSocket } from 'ws';

/** Something a {@link WsPeer} received, in the order it arrived. */
export type Received =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'binary'; readonly data: Buffer }
  | { readonly type: 'ping'; readonly data: Buffer }
  | { readonly type: 'pong'; readonly data: Buffer }
  | { readonly type: 'close'; readonly code: number; readonly reason: string };

/** A raw `ws` client for the server tests: it records every frame, and the test takes them one by one. */
export interface WsPeer extends AsyncDisposable {
  readonly socket: WebSocket;
  /** The next thing received, or a rejection after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Received>;
  /** The next text message, skipping nothing: anything else fails the test. */
  nextText(timeoutMs?: number): Promise<string>;
  /** Everything received and not taken yet, after `quietMs` without waiting for more. */
  drain(quietMs: number): Promise<Received[]>;
  /** Closes with a handshake and resolves when the socket has closed. */
  close(code?: number, reason?: string): Promise<void>;
}

/** Connects a {@link WsPeer}; resolves once the socket is open. `ws` answers pings automatically. */
export async function connectPeer(url: string): Promise<WsPeer> {
  const socket = new WebSocket(url);
  const inbox: Received[] = [];
  const waiting: Array<(item: Received) => void> = [];
  const deliver = (item: Received): void => {
    const waiter = waiting.shift();
    if (waiter === undefined) inbox.push(item);
    else waiter(item);
  };
  socket.on('message', (data, isBinary) => {
    const buffer = toBuffer(data);
    deliver(isBinary ? { type: 'binary', data: buffer } : { type: 'text', text: buffer.toString('utf8') });
  });
  socket.on('ping', (data) => deliver({ type: 'ping', data }));
  socket.on('pong', (data) => deliver({ type: 'pong', data }));
  socket.on('close', (code, reason) => deliver({ type: 'close', code, reason: reason.toString('utf8') }));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => {});

  const next = (timeoutMs = 5_000): Promise<Received> => {
    const item = inbox.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const waiter = (received: Received): void => {
        clearTimeout(timer);
        resolve(received);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`nothing received within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.push(waiter);
    });
  };
  const close = async (code?: number, reason?: string): Promise<void> => {
    if (socket.readyState === socket.CLOSED) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.close(code, reason);
    await closed;
  };
  return {
    socket,
    next,
    async nextText(timeoutMs) {
      const item = await next(timeoutMs);
      if (item.type !== 'text') throw new Error(`expected a text message, received ${JSON.stringify(item)}`);
      return item.text;
    },
    async drain(quietMs) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      return inbox.splice(0);
    },
    close,
    [Symbol.asyncDispose]: () => {
      socket.terminate();
      return Promise.resolve();
    },
  };
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
