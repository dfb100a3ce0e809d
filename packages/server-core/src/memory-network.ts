import { HandshakeFailedError, silentLogger, type Logger, type WebSocketClient } from '@aws/client';
import type { ServerAddress, Service, TopicOptions, WebSocketServer } from '@aws/server';
import { createClient, type Attempt, type DataFrame, type SocketEvents, type Transport, type TransportSocket } from '@aws/core';
import { ServiceHost } from './service-host.js';

/**
 * One end of an in-memory WebSocket: what one side writes, the other receives, in order and a turn later. Reading
 * can be paused (what is sent then waits, as in a full TCP window), pings are answered, a close is echoed by the
 * other side, and terminating ends both sides with 1006, after what was already sent.
 */
class MemorySocket implements TransportSocket {
  other: MemorySocket | undefined;
  events: SocketEvents | undefined;
  readonly bufferedAmount = 0;
  private inbox: Array<() => void> = [];
  private paused = false;
  private flushing = false;
  private over = false;

  get isOver(): boolean {
    return this.over;
  }

  write(frame: DataFrame, done: (error?: Error | null) => void): void {
    const other = this.other;
    if (this.over || other === undefined) return queueMicrotask(() => done(new Error('the socket is closed')));
    other.deliver(() => {
      other.events?.received(frame);
      // A transport answers pings itself.
      if (frame.type === 'ping') other.write({ type: 'pong', data: frame.data }, () => {});
    });
    queueMicrotask(() => done());
  }

  close(code: number, reason: string): void {
    const other = this.other;
    if (this.over || other === undefined) return;
    // The other side reads our close frame after what we sent before it, ends, and echoes it: then we end too.
    other.deliver(() => {
      other.end(code, reason);
      this.end(code, reason);
    });
  }

  terminate(): void {
    if (this.over) return;
    const other = this.other;
    this.end(1006, '');
    other?.deliver(() => other.end(1006, ''));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.flush();
  }

  ping(): void {
    this.write({ type: 'ping', data: new Uint8Array(0) }, () => {});
  }

  deliver(event: () => void): void {
    this.inbox.push(event);
    if (!this.paused) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (!this.paused && !this.over && this.inbox.length > 0) (this.inbox.shift() as () => void)();
    } finally {
      this.flushing = false;
    }
  }

  end(code: number, reason: string): void {
    if (this.over) return;
    this.over = true;
    this.inbox = [];
    this.events?.ended(code, reason);
  }
}

/** A client and a server joined in memory: no port, no socket, the same semantics. */
export interface MemoryNetwork {
  /** A server: register services on it as on the live one. */
  readonly server: WebSocketServer;
  /** A client whose connections reach `server`: the host part of the URL is ignored (`ws://test/chat`). */
  readonly client: WebSocketClient;
}

/**
 * A test double for services: a {@link WebSocketClient} and a {@link WebSocketServer} connected in memory, on the very
 * machinery the live ones run on (the upgrade decision, the handlers, close codes, queues, topics), so a service is
 * unit-tested without a port. Fragments, TLS and compression are the live server's alone.
 *
 * @example
 * ```ts
 * const { server, client } = createMemoryNetwork()
 * server.register('/echo', echo)
 * await using connection = await client.connect({ id: ID(), url: 'ws://test/echo' })
 * await connection.send(Frame.text('hi'))
 * ```
 */
export function createMemoryNetwork(options: { readonly logger?: Logger; readonly topics?: TopicOptions } = {}): MemoryNetwork {
  const logger = options.logger ?? silentLogger;
  const host = new ServiceHost<undefined>(logger, () => undefined, options.topics);

  const transport: Transport = {
    name: 'memory',
    connect(attempt: Attempt, _settings, events: SocketEvents): TransportSocket {
      const socket = new MemorySocket();
      socket.events = events;
      void handshake(socket, attempt, events).catch((error: unknown) => {
        logger.warn({ err: error }, 'upgrade failed');
        events.openingFailed(new HandshakeFailedError(500, {}));
        socket.end(1006, '');
      });
      return socket;
    },
  };

  const handshake = async (socket: MemorySocket, attempt: Attempt, events: SocketEvents): Promise<void> => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(attempt.headers)) headers[name.toLowerCase()] = value;
    const request = {
      path: attempt.url.pathname,
      query: attempt.url.searchParams,
      headers,
      protocols: attempt.protocols,
      remoteAddress: 'memory',
    };
    const routing = await host.route(request);
    if (socket.isOver) return;
    if (!routing.accept) {
      events.openingFailed(new HandshakeFailedError(routing.status, routing.headers ?? {}));
      return socket.end(1006, '');
    }
    const protocol = routing.decision.protocol ?? '';
    if (attempt.protocols.length > 0 && protocol === '') {
      // As a `ws` client does: a server that chose none of the offered subprotocols fails the handshake.
      events.openingFailed(new HandshakeFailedError(101, {}, 'the server chose none of the subprotocols offered'));
      return socket.end(1006, '');
    }
    const serverSide = new MemorySocket();
    socket.other = serverSide;
    serverSide.other = socket;
    host.connect(routing, { request, protocol, extensions: '' }, (peer) => {
      serverSide.events = peer.events;
      return serverSide;
    });
    events.opened({ protocol, extensions: '' });
  };

  const server: WebSocketServer = {
    register: (path, service) => host.register(path, service as Service<unknown>),
    unregister: (path) => host.unregister(path),
    connections: (path) => host.connections(path),
    broadcast: (path, frame, publishOptions) => host.broadcast(path, frame, publishOptions),
    publish: (topic, frame, publishOptions) => host.publish(topic, frame, publishOptions),
    health: () => host.health(),
    listen: async (): Promise<ServerAddress> => ({ host: 'memory', port: 0, url: 'ws://memory' }),
    close: async (closeOptions = {}) =>
      host.stop(closeOptions.code ?? 1001, closeOptions.reason ?? 'server shutting down', closeOptions.timeout ?? 5_000),
    [Symbol.asyncDispose]: () => server.close(),
  };
  return { server, client: createClient(transport, { logger }) };
}
