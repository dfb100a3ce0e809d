import { setTimeout as sleep } from 'node:timers/promises';
import {
  AlreadyOpenedError,
  Frame,
  ID,
  WebSocketError,
  type Connection,
  type ConnectionStatus,
  type Frame as FrameType,
  type Stream,
} from '@aws/client';
import { startServer, type TestServer, waitFor, within } from '@aws/test-utils';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './live-client.js';

// The re-entrancy matrix of issue 9: every status and frame event × every action a callback may take on its own
// connection (close, open the same id again, send, dispose the handle). A callback that calls back into the client
// must find it in a consistent state: nothing thrown at the process, every promise settled, and an end state that
// matches the action (no socket left on the server after a close, a connection after an open, the message on the
// server or a typed error after a send).

const client = createLiveClient();
let server: TestServer | undefined;
afterEach(async () => {
  await client.closeAll();
  await server?.close();
  server = undefined;
});

type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };
const settle = (promise: PromiseLike<unknown>): Promise<Settled> =>
  Promise.resolve(promise).then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/**
 * The server every case runs against. The first socket gets a text message and a ping, then is closed with 1012
 * (service restart, so the client reconnects); the second handshake is refused with 401 (`second: 'reject'`, the way to a didFail after a connection
 * has existed) or accepted and, when `closeSecond`, closed normally with 1000 (no reconnection after that). Later
 * sockets (an id opened again, or dialled by mistake after a close) stay open.
 */
async function startScenarioServer(second: 'close' | 'reject', closeSecond: boolean): Promise<{ server: TestServer; received: string[] }> {
  const received: string[] = [];
  let handshakes = 0;
  const started = await startServer(
    (socket) => {
      // verifyClient has just counted this handshake.
      const index = handshakes;
      socket.on('message', (data) => received.push(String(data)));
      const whileOpen = (action: () => void) => () => (socket.readyState === socket.OPEN ? action() : undefined);
      if (index === 1) {
        setTimeout(
          whileOpen(() => {
            socket.send('hello');
            socket.ping('p');
          }),
          30,
        );
        // A close (a retryable code) rather than terminate(): what the client wrote before it is read, not lost.
        setTimeout(
          whileOpen(() => socket.close(1012, 'restart')),
          80,
        );
      } else if (index === 2 && closeSecond) {
        setTimeout(
          whileOpen(() => socket.close(1000, 'bye')),
          40,
        );
      }
    },
    {
      verifyClient: (_info, done) => {
        handshakes += 1;
        if (second === 'reject' && handshakes === 2) done(false, 401);
        else done(true);
      },
    },
  );
  return { server: started, received };
}

/** Server-side sockets that have not fully closed yet. */
const liveOnServer = (on: TestServer): number => on.sockets.filter(({ socket }) => socket.readyState !== socket.CLOSED).length;

interface Event {
  /** Whether this status or frame is the occurrence to act on; `connected` counts the connected statuses so far. */
  readonly status?: (status: ConnectionStatus, connected: number) => boolean;
  readonly frame?: (frame: FrameType) => boolean;
  /** The server's second handshake. */
  readonly second: 'close' | 'reject';
  /** The event comes from the server closing the second socket normally. */
  readonly closedByServer?: boolean;
  /** The id has ended by the time of this event: opening it again must work. */
  readonly ended?: boolean;
  /** Whether `connect` has resolved (so a handle exists) by this event. */
  readonly handle: boolean;
}

const events: Record<string, Event> = {
  // The first status of an id is already out when open returns: a subscriber gets it replayed.
  'connecting (first)': { status: (s) => s.type === 'connecting' && s.attempt === 0, second: 'close', handle: false },
  'connected (first)': { status: (s, n) => s.type === 'connected' && n === 1, second: 'close', handle: false },
  message: { frame: (f) => f.type === 'message', second: 'close', handle: true },
  ping: { frame: (f) => f.type === 'ping', second: 'close', handle: true },
  reconnecting: { status: (s) => s.type === 'reconnecting', second: 'close', handle: true },
  'connecting (reconnection)': { status: (s) => s.type === 'connecting' && s.attempt >= 1, second: 'close', handle: true },
  'connected (reconnection)': { status: (s, n) => s.type === 'connected' && n === 2, second: 'close', handle: true },
  'close frame': { frame: (f) => f.type === 'close', second: 'close', closedByServer: true, handle: true },
  didClose: { status: (s) => s.type === 'didClose', second: 'close', closedByServer: true, ended: true, handle: true },
  didFail: { status: (s) => s.type === 'didFail', second: 'reject', ended: true, handle: true },
};

type Action = 'close' | 'open again' | 'send' | 'dispose';
const actions: readonly Action[] = ['close', 'open again', 'send', 'dispose'];

const matrix = Object.keys(events).flatMap((event) =>
  actions.filter((action) => action !== 'dispose' || events[event]?.handle === true).map((action) => [event, action] as const),
);

describe('re-entrancy: acting on a connection from inside its own callbacks', () => {
  it.each(matrix)('%s × %s', async (eventName, action) => {
    const event = events[eventName] as Event;
    // After a close from the callback nothing more may connect, so a second socket is left open to be seen, unless
    // the event itself is the server's normal close of it.
    const closing = action === 'close' || action === 'dispose';
    const { server: peer, received } = await startScenarioServer(event.second, !closing || event.closedByServer === true);
    server = peer;
    const id = ID();
    const text = `sent from ${eventName}`;

    let handle: Connection | undefined;
    let acted = false;
    let threw: unknown;
    let result: Promise<Settled> | undefined;
    let reopened: Stream<ConnectionStatus> | undefined;
    const statuses: ConnectionStatus[] = [];

    const act = (): void => {
      acted = true;
      try {
        if (action === 'close') result = settle(client.close(id));
        else if (action === 'send') result = settle(client.send(id, Frame.text(text)));
        else if (action === 'dispose') result = settle((handle as Connection)[Symbol.asyncDispose]());
        else reopened = client.open({ id, url: peer.url });
      } catch (error) {
        threw = error;
      }
    };
    const consider = (matches: boolean): void => {
      if (acted || !matches || (action === 'dispose' && handle === undefined)) return;
      act();
    };

    const opened = settle(
      client.connect({ id, url: peer.url, reconnect: { minDelay: 10, maxDelay: 10, maxAttempts: 1 }, closeTimeout: 500 }).then((h) => {
        handle = h;
      }),
    );
    // Frames first: a close from the replayed first status ends the id, and receive(id) would then throw.
    const framesEnded = new Promise<void>((resolve) =>
      client.receive(id).subscribe({ next: (frame) => consider(event.frame?.(frame) ?? false), complete: resolve }),
    );
    let connected = 0;
    const statusEnded = new Promise<void>((resolve) =>
      client.status(id).subscribe({
        next: (status) => {
          statuses.push(status);
          if (status.type === 'connected') connected += 1;
          consider(event.status?.(status, connected) ?? false);
        },
        complete: resolve,
      }),
    );

    await within(statusEnded, 3_000, 'the status stream');
    expect(acted, `the event ${eventName} happened`).toBe(true);
    await within(Promise.all([opened, framesEnded, result ?? Promise.resolve()]), 2_000, 'every promise');
    expect(['didClose', 'didFail']).toContain(statuses.at(-1)?.type);

    switch (action) {
      case 'close':
      case 'dispose': {
        const settled = (await result) as Settled;
        // From a final status the id may already be released: a typed error is a consistent answer to close().
        if (!settled.ok) expect(settled.error).toBeInstanceOf(WebSocketError);
        await waitFor(() => liveOnServer(peer) === 0, 1_000, 'no socket left on the server').catch(() => undefined);
        const sockets = peer.sockets.length;
        // Well past the 10 ms backoff: a dial armed after the callback returned would have reached the server.
        await sleep(100);
        expect(liveOnServer(peer), 'sockets still open on the server').toBe(0);
        expect(peer.sockets.length, 'new connections after the close').toBe(sockets);
        expect(client.isConnected(id)).toBe(false);
        break;
      }
      case 'send': {
        const settled = (await result) as Settled;
        if (settled.ok) await waitFor(() => received.includes(text), 1_000, 'the message on the server');
        else expect(settled.error).toBeInstanceOf(WebSocketError);
        break;
      }
      case 'open again': {
        if (event.ended === true) expect(threw, 'open from a final callback').toBeUndefined();
        else if (threw !== undefined) expect(threw).toBeInstanceOf(AlreadyOpenedError);
        if (threw === undefined) {
          expect(reopened).toBeDefined();
          await within(firstValueFrom(reopened!.pipe(filter((s) => s.type === 'connected'))), 2_000, 'the new connection');
          expect(client.isConnected(id)).toBe(true);
        }
        break;
      }
    }
    if (action !== 'open again') expect(threw).toBeUndefined();
  });
});
