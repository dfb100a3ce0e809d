import type { ContractClient, ContractFrame, ContractStatus } from './client-shape.js';
import { all, binary, equal, first, firstWhere, last, ok, rejects, sleep, take, text, textOf, throws, within } from './expect.js';

/** What a case gets: a fresh client (closed after the case), the server's URLs and fresh ids. */
export interface ContractContext {
  readonly client: ContractClient;
  /** The contract server's URL for a path (see `startContractServer`). */
  url(path: string): string;
  /** A URL on which nothing listens. */
  readonly refusedUrl: string;
  /** A fresh connection id. */
  id(): never;
  /** A fresh key, for the server's per-key state (`/flaky`). */
  key(): string;
}

/** One behaviour of the interface, checked against any implementation. */
export interface ContractCase {
  readonly name: string;
  run(context: ContractContext): Promise<void>;
}

const statusTypes = (statuses: readonly ContractStatus[]): string[] => statuses.map((status) => status.type);
const texts = (frames: readonly ContractFrame[]): Array<string | undefined> => frames.map(textOf);
const isText = (value: string) => (frame: ContractFrame) => textOf(frame) === value;

/**
 * The behavioural contract of `WebSocketClient`: what every implementation does, in every runtime. Each case is
 * written against the interface alone and a server picked by path. Cases are run in order, one at a time.
 */
export const contractCases: readonly ContractCase[] = [
  {
    name: 'connect resolves after the handshake with connecting then connected, and close ends with didClose',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      ok(connection.isConnected(), 'isConnected() after connect');
      equal(connection.protocol, '', 'protocol with none offered');
      const statuses = all(connection.status, 3_000, 'the status stream');
      equal(await connection.close(1000, 'done'), { code: 1000, reason: 'done' }, 'close resolves with');
      const seen = await statuses;
      // The status stream replays its latest value: a subscriber after connect starts at connected.
      equal(statusTypes(seen), ['connected', 'didClose'], 'statuses');
      equal(seen[1], { type: 'didClose', code: 1000, reason: 'done' }, 'didClose');
      ok(!connection.isConnected(), 'isConnected() after close');
    },
  },
  {
    name: 'open reports connecting (attempt 0) then connected on its status stream',
    async run({ client, url, id }) {
      const connection = id();
      const statuses = await take(client.open({ id: connection, url: url('/echo') }), 2);
      equal(statuses[0], { type: 'connecting', attempt: 0 }, 'first status');
      equal(statuses[1]?.type, 'connected', 'second status');
      ok(client.isConnected(connection), 'isConnected(id)');
    },
  },
  {
    name: 'text and binary messages round-trip through an echo server, in order',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const echoed = take(connection.frames, 3);
      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      await connection.send(text('one'));
      await connection.send(binary(bytes));
      await connection.send(text('é ✓ 😀'));
      const frames = await echoed;
      equal(frames[0], text('one'), 'first');
      equal(frames[1]?.type === 'message' && frames[1].message.type === 'binary' ? frames[1].message.data : undefined, bytes, 'binary');
      equal(frames[2], text('é ✓ 😀'), 'third');
    },
  },
  {
    name: 'a message the server sends at once is kept for the first subscriber of the frames',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo?welcome=hello') });
      await sleep(50);
      equal(await first(connection.frames), text('hello'), 'the welcome');
    },
  },
  {
    name: 'receive is multicast: two subscribers get the same frames',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const a = take(connection.frames, 2);
      const b = take(client.receive(connection.id as never), 2);
      await connection.send(text('x'));
      await connection.send(text('y'));
      equal(texts(await a), ['x', 'y'], 'first subscriber');
      equal(texts(await b), ['x', 'y'], 'second subscriber');
    },
  },
  {
    name: 'every send settles, and 200 messages arrive in the order sent',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const echoed = take(connection.frames, 200, 5_000);
      const sends = Array.from({ length: 200 }, (_, index) => connection.send(text(`n${index}`)));
      await within(5_000, Promise.all(sends), 'the sends');
      equal(
        texts(await echoed),
        Array.from({ length: 200 }, (_, index) => `n${index}`),
        'echoes',
      );
    },
  },
  {
    name: 'a burst from the server arrives whole and in order',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const burst = take(connection.frames, 500, 5_000);
      await connection.send(text('!burst 500'));
      const received = texts(await burst);
      equal(received.length, 500, 'messages');
      equal(received[0], 'm1', 'first');
      equal(received[499], 'm500', 'last');
    },
  },
  {
    name: 'a for-await consumer slower than the server gets every message, in order, on the same connection',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo'), receiveBuffer: { messages: 16 } });
      await connection.send(text('!burst 300'));
      const received: Array<string | undefined> = [];
      const consumed = (async () => {
        for await (const frame of connection.frames) {
          received.push(textOf(frame));
          // A slow consumer: it stalls at the first message long enough for the whole burst to arrive (however
          // slow the machine, the backlog then passes the receive buffer's mark), and often after it.
          if (received.length === 1) await sleep(300);
          else if (received.length % 25 === 0) await sleep(5);
          if (received.length === 300) break;
        }
      })();
      await within(5_000, consumed, () => `the for-await loop (${received.length} of 300 messages)`);
      equal(received[0], 'm1', 'first');
      equal(received[299], 'm300', 'last');
      ok(connection.isConnected(), 'still connected');
    },
  },
  {
    name: 'the frame stream ends with the close frame',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const frames = all(connection.frames);
      await connection.close(4001, 'bye');
      equal(await frames, [{ type: 'close', code: 4001, reason: 'bye' }], 'frames');
    },
  },
  {
    name: "the server's close code and reason are reported",
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const ended = last(connection.status);
      await connection.send(text('!close 4321 server says bye'));
      equal(await ended, { type: 'didClose', code: 4321, reason: 'server says bye' }, 'final status');
    },
  },
  {
    name: 'a connection the server drops is reported closed with 1006',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const frames = all(connection.frames);
      await connection.send(text('!drop'));
      equal(await last(connection.status), { type: 'didClose', code: 1006, reason: '' }, 'final status');
      equal(await frames, [{ type: 'close', code: 1006, reason: '' }], 'frames');
    },
  },
  {
    name: 'close validates its code and reason first and changes nothing when it rejects',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      await rejects(connection.close(1006), 'InvalidCloseCodeError', 'close(1006)');
      await rejects(connection.close(2000), 'InvalidCloseCodeError', 'close(2000)');
      await rejects(connection.close(1000, 'x'.repeat(124)), 'InvalidCloseReasonError', 'a 124-byte reason');
      ok(connection.isConnected(), 'still connected');
      await connection.send(text('still here'));
      equal(await first(connection.frames), text('still here'), 'echo after the refused closes');
    },
  },
  {
    name: 'open throws typed errors for bad settings before anything starts',
    async run({ client, url, id }) {
      throws(() => client.open({ id: id(), url: '' }), 'EmptyUrlError', 'an empty url');
      throws(() => client.open({ id: id(), url: 'ooo://localhost' }), 'InvalidUrlError', 'an ooo: url');
      throws(() => client.open({ id: id(), url: url('/echo'), handshakeTimeout: -1 }), 'InvalidSettingsError', 'a negative timeout');
      throws(() => client.open({ id: id(), url: url('/echo'), sendQueue: { messages: 0 } }), 'InvalidSettingsError', 'an empty queue');
      const taken = id();
      client.open({ id: taken, url: url('/echo') });
      throws(() => client.open({ id: taken, url: url('/echo') }), 'AlreadyOpenedError', 'an id already open');
    },
  },
  {
    name: 'send rejects for an unknown id and for an invalid frame',
    async run({ client, url, id }) {
      await rejects(client.send(id(), text('nobody')), 'ConnectionClosedError', 'send to an unknown id');
      const connection = await client.connect({ id: id(), url: url('/echo') });
      await rejects(
        connection.send({ type: 'message', message: { type: 'text', text: 42 as never } }),
        'InvalidFrameError',
        'a number as text',
      );
      await connection.close();
      await rejects(connection.send(text('late')), 'ConnectionClosedError', 'send after close');
    },
  },
  {
    name: 'post writes without a promise, in the order of the sends around it',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const echoed = take(connection.frames, 204, 5_000);
      equal(connection.post(text('p1')) as unknown, undefined, 'post returns');
      const sent = connection.send(text('s2'));
      client.post(connection.id as never, binary(new Uint8Array([3])));
      for (let index = 0; index < 200; index += 1) connection.post(text(`n${index}`));
      await within(3_000, sent, 'the send between the posts');
      connection.post(text('last'));
      const frames = await echoed;
      equal(texts(frames.slice(0, 2)), ['p1', 's2'], 'the first echoes');
      equal(
        frames[2]?.type === 'message' && frames[2].message.type === 'binary' ? frames[2].message.data : undefined,
        new Uint8Array([3]),
        'binary',
      );
      equal(texts(frames.slice(3)), [...Array.from({ length: 200 }, (_, index) => `n${index}`), 'last'], 'the posted burst');
    },
  },
  {
    name: 'post throws what send rejects with at once: an unknown id, an invalid frame, a close frame, a connection that has ended',
    async run({ client, url, id }) {
      throws(() => client.post(id(), text('nobody')), 'ConnectionClosedError', 'post to an unknown id');
      const connection = await client.connect({ id: id(), url: url('/echo') });
      throws(
        () => connection.post({ type: 'message', message: { type: 'text', text: 42 as never } }),
        'InvalidFrameError',
        'a number as text',
      );
      throws(() => connection.post({ type: 'close', code: 1000, reason: '' }), 'InvalidFrameError', 'a close frame');
      ok(connection.isConnected(), 'a refused post changes nothing');
      const closing = connection.close();
      throws(() => connection.post(text('closing')), 'ConnectionClosedError', 'post while closing');
      await closing;
      throws(() => connection.post(text('late')), 'ConnectionClosedError', 'post after close');
      throws(() => client.post(connection.id as never, text('late')), 'ConnectionClosedError', 'post to the id after close');
    },
  },
  {
    name: "posts wait in the send queue while opening; a full queue throws SendQueueFullError under 'reject', drops the oldest under 'dropOldest'",
    async run({ client, url, id }) {
      const rejecting = id();
      client.open({ id: rejecting, url: url('/slow?ms=150'), sendQueue: { messages: 2 } });
      const echoed = take(client.receive(rejecting), 2);
      client.post(rejecting, text('1'));
      client.post(rejecting, text('2'));
      throws(() => client.post(rejecting, text('3')), 'SendQueueFullError', 'the third post');
      equal(texts(await echoed), ['1', '2'], 'what was written');
      const dropping = id();
      client.open({ id: dropping, url: url('/slow?ms=150'), sendQueue: { messages: 1, overflow: 'dropOldest' } });
      const oldest = client.send(dropping, text('old'));
      client.post(dropping, text('newer'));
      await rejects(oldest, 'MessageDroppedError', 'the send a post took the place of');
      client.post(dropping, text('newest'));
      // The queue holds one: 'newer' took the place of 'old', and 'newest' that of 'newer'.
      equal(await first(client.receive(dropping)), text('newest'), 'what was written');
    },
  },
  {
    name: 'a refused connection fails connect with ConnectionFailedError',
    async run({ client, refusedUrl, id }) {
      await rejects(client.connect({ id: id(), url: refusedUrl }), 'ConnectionFailedError', 'connect');
    },
  },
  {
    name: 'an HTTP 401 answer to the upgrade fails with HandshakeFailedError and its status',
    async run({ client, url, id }) {
      const error = await rejects(client.connect({ id: id(), url: url('/refuse?status=401') }), 'HandshakeFailedError', 'connect');
      equal((error as { status?: unknown }).status, 401, 'status');
    },
  },
  {
    name: 'a handshake slower than handshakeTimeout fails with TimedOutError',
    async run({ client, url, id }) {
      await rejects(client.connect({ id: id(), url: url('/slow?ms=1500'), handshakeTimeout: 100 }), 'TimedOutError', 'connect');
    },
  },
  {
    name: 'aborting the signal while opening fails with AbortedError and frees the id',
    async run({ client, url, id }) {
      const controller = new AbortController();
      const connection = id();
      const opened = client.connect({ id: connection, url: url('/slow?ms=1500'), signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await rejects(opened, 'AbortedError', 'connect');
      ok(!client.isConnected(connection), 'not connected');
      const again = await client.connect({ id: connection, url: url('/echo') });
      ok(again.isConnected(), 'the id opens again');
    },
  },
  {
    name: 'the subprotocol the server chose is reported',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/protocols?pick=b'), protocols: ['a', 'b'] });
      equal(connection.protocol, 'b', 'protocol');
      equal((await first(connection.status)).type === 'connected' ? connection.protocol : undefined, 'b', 'status');
    },
  },
  {
    name: 'a server that picks none of the subprotocols offered fails the handshake with HandshakeFailedError',
    async run({ client, url, id }) {
      await rejects(client.connect({ id: id(), url: url('/protocols'), protocols: ['a'] }), 'HandshakeFailedError', 'no pick');
    },
  },
  {
    name: 'messages sent while opening wait in the send queue and are written in order once open',
    async run({ client, url, id }) {
      const connection = id();
      client.open({ id: connection, url: url('/slow?ms=150') });
      const sends = [client.send(connection, text('q1')), client.send(connection, text('q2'))];
      const echoed = take(client.receive(connection), 2);
      await within(3_000, Promise.all(sends), 'the queued sends');
      equal(texts(await echoed), ['q1', 'q2'], 'echoes');
    },
  },
  {
    name: "a full send queue rejects with SendQueueFullError under 'reject', drops the oldest under 'dropOldest'",
    async run({ client, url, id }) {
      const rejecting = id();
      client.open({ id: rejecting, url: url('/slow?ms=150'), sendQueue: { messages: 2 } });
      const kept = [client.send(rejecting, text('1')), client.send(rejecting, text('2'))];
      await rejects(client.send(rejecting, text('3')), 'SendQueueFullError', 'the third send');
      await within(3_000, Promise.all(kept), 'the queued sends');
      const dropping = id();
      client.open({ id: dropping, url: url('/slow?ms=150'), sendQueue: { messages: 1, overflow: 'dropOldest' } });
      const oldest = client.send(dropping, text('old'));
      const newest = client.send(dropping, text('new'));
      await rejects(oldest, 'MessageDroppedError', 'the oldest send');
      await within(3_000, newest, 'the newest send');
      equal(await first(client.receive(dropping)), text('new'), 'what was written');
    },
  },
  {
    name: 'reconnect: a dropped connection is opened again on the same id, streams and handle, with a fresh URL per attempt',
    async run({ client, url, id, key }) {
      const k = key();
      let urls = 0;
      const connection = await client.connect({
        id: id(),
        url: () => {
          urls += 1;
          return url(`/flaky?key=${k}&drops=1&u=${urls}`);
        },
        reconnect: { minDelay: 10, maxDelay: 30 },
      });
      const welcomes = take(connection.frames, 2);
      equal(texts(await welcomes), ['attempt 1', 'attempt 2'], 'welcomes');
      const statuses = await take(connection.status, 1);
      equal(statuses[0]?.type, 'connected', 'status after the reconnection');
      equal(urls, 2, 'url calls');
      const echo = first(connection.frames);
      await connection.send(text('after'));
      equal(await echo, text('after'), 'echo on the new socket');
    },
  },
  {
    name: 'reconnect: statuses go connected → reconnecting → connecting → connected',
    async run({ client, url, id, key }) {
      const connection = id();
      const statuses = take(
        client.open({ id: connection, url: url(`/flaky?key=${key()}&drops=1`), reconnect: { minDelay: 10, maxDelay: 30 } }),
        5,
      );
      const seen = await statuses;
      equal(statusTypes(seen), ['connecting', 'connected', 'reconnecting', 'connecting', 'connected'], 'statuses');
      equal(seen[2]?.type === 'reconnecting' ? seen[2].attempt : undefined, 1, 'reconnecting attempt');
      equal(seen[3], { type: 'connecting', attempt: 1 }, 'second connecting');
    },
  },
  {
    name: 'reconnect: messages sent while reconnecting are delivered after it, in order',
    async run({ client, url, id, key }) {
      const connection = await client.connect({
        id: id(),
        url: url(`/flaky?key=${key()}&drops=1`),
        reconnect: { minDelay: 80, maxDelay: 80 },
      });
      await first(connection.frames);
      // Wait for the drop, then send while the client waits to reconnect.
      await firstWhere(connection.status, (status) => status.type === 'reconnecting');
      const frames = take(connection.frames, 3);
      const sends = [connection.send(text('r1')), connection.send(text('r2'))];
      await within(3_000, Promise.all(sends), 'the sends');
      equal(texts(await frames), ['attempt 2', 'r1', 'r2'], 'frames');
    },
  },
  {
    name: 'reconnect: the close-code policy retries a server restart (1012) and not a normal closure (1000)',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo'), reconnect: { minDelay: 10, maxDelay: 20 } });
      const statuses = take(connection.status, 5, 5_000);
      await connection.send(text('!close 1012 restarting'));
      await firstWhere(connection.status, (status) => status.type === 'reconnecting', 3_000, 'the reconnecting status');
      await firstWhere(connection.status, (status) => status.type === 'connected', 3_000, 'the reconnection');
      await connection.send(text('!close 1000 done'));
      const seen = await statuses;
      equal(statusTypes(seen), ['connected', 'reconnecting', 'connecting', 'connected', 'didClose'], 'statuses');
      equal(seen[4], { type: 'didClose', code: 1000, reason: 'done' }, 'the end');
    },
  },
  {
    name: 'reconnect: per-attempt protocols, and minUptime decides whether the attempt count starts again',
    async run({ client, url, id, key }) {
      const offered: string[] = [];
      const attempts = (minUptime: number, k: string) =>
        take(
          client.open({
            id: id(),
            url: url(`/flaky?key=${k}&drops=3&pick=chat`),
            protocols: () => {
              offered.push(`v${offered.length + 1}`);
              return [offered[offered.length - 1] as string, 'chat'];
            },
            reconnect: { minDelay: 5, maxDelay: 5, minUptime },
          }),
          // connecting and connected, then 3 drops of reconnecting, connecting and connected.
          11,
          5_000,
        );
      const counted = (await attempts(60_000, key())).flatMap((status) => (status.type === 'reconnecting' ? [status.attempt] : []));
      // Dropped 20 ms after opening, never up for minUptime: the count goes on.
      equal(counted, [1, 2, 3], 'attempts without a long enough uptime');
      equal(offered.slice(0, 4), ['v1', 'v2', 'v3', 'v4'], 'a fresh protocols call per attempt');
      const restarted = (await attempts(0, key())).flatMap((status) => (status.type === 'reconnecting' ? [status.attempt] : []));
      equal(restarted, [1, 1, 1], 'attempts when any uptime is enough');
    },
  },
  {
    name: 'reconnect: gives up after maxAttempts with didFail and the last error',
    async run({ client, refusedUrl, id }) {
      const statuses = all(client.open({ id: id(), url: refusedUrl, reconnect: { minDelay: 5, maxDelay: 10, maxAttempts: 2 } }), 5_000);
      const seen = await statuses;
      equal(statusTypes(seen), ['connecting', 'reconnecting', 'connecting', 'reconnecting', 'connecting', 'didFail'], 'statuses');
      const failed = seen[5];
      equal(failed?.type === 'didFail' ? failed.error._tag : undefined, 'ConnectionFailedError', 'the error');
    },
  },
  {
    name: 'a message over maxMessageSize closes the connection with 1009',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo'), maxMessageSize: 1024 });
      await connection.send(text('!big 1000'));
      equal((await first(connection.frames)).type, 'message', 'a message under the limit');
      await connection.send(text('!big 2048'));
      const ended = await last(connection.status);
      equal(ended.type === 'didClose' ? ended.code : ended.type, 1009, 'close code');
    },
  },
  {
    name: 'closeAll closes every connection, and disposing a handle closes it',
    async run({ client, url, id }) {
      const a = await client.connect({ id: id(), url: url('/echo') });
      const b = await client.connect({ id: id(), url: url('/echo') });
      await client.closeAll(4000, 'all');
      equal(await last(a.status), { type: 'didClose', code: 4000, reason: 'all' }, 'a');
      equal(await last(b.status), { type: 'didClose', code: 4000, reason: 'all' }, 'b');
      const c = await client.connect({ id: id(), url: url('/echo') });
      await c[Symbol.asyncDispose]();
      equal(await last(c.status), { type: 'didClose', code: 1000, reason: '' }, 'disposed');
    },
  },
  {
    name: 'the application-level heartbeat keeps a live connection and ends a silent one with 1006',
    async run({ client, url, id }) {
      // The echo server sends our ping back: that is the pong.
      // Roomy deadlines: a loaded 2-core machine delays timers by tens of milliseconds.
      const heartbeat = { interval: 60, timeout: 500, ping: () => text('hb'), isPong: isText('hb') };
      const live = await client.connect({ id: id(), url: url('/echo'), heartbeat });
      const pongs = await take(live.frames, 3, 3_000, 'the echoed pings');
      equal(texts(pongs), ['hb', 'hb', 'hb'], 'pongs');
      ok(live.isConnected(), 'a live connection stays');
      const silent = await client.connect({ id: id(), url: url('/silent'), heartbeat });
      equal(await last(silent.status, 3_000), { type: 'didClose', code: 1006, reason: '' }, 'the silent one');
    },
  },
  {
    name: 'a ping-frame heartbeat (pingInterval) sees the pongs and ends a silent connection with 1006',
    async run({ client, url, id }) {
      const live = await client.connect({ id: id(), url: url('/echo'), pingInterval: 100 });
      const pongs = await take(live.frames, 2);
      equal(
        pongs.map((frame) => frame.type),
        ['pong', 'pong'],
        'pongs',
      );
      const silent = await client.connect({ id: id(), url: url('/silent'), pingInterval: 100 });
      equal(await last(silent.status), { type: 'didClose', code: 1006, reason: '' }, 'the silent one');
    },
  },
  {
    name: 'pings from the server appear as ping frames',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      const ping = first(connection.frames, 1_000);
      await connection.send(text('!ping'));
      equal((await ping).type, 'ping', 'frame');
    },
  },
  {
    name: 'text that is not UTF-8 fails the connection with 1007',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo') });
      await connection.send(text('!bad-utf8'));
      const ended = await last(connection.status);
      equal(ended.type === 'didClose' ? ended.code : ended.type, 1007, 'close code');
    },
  },
  {
    name: 'handshake headers reach the server',
    async run({ client, url, id }) {
      const connection = await client.connect({ id: id(), url: url('/echo'), headers: { 'x-contract': 'yes' } });
      const answer = first(connection.frames);
      await connection.send(text('!headers'));
      equal((JSON.parse(textOf(await answer) ?? '{}') as Record<string, string>)['x-contract'], 'yes', 'header');
    },
  },
];
