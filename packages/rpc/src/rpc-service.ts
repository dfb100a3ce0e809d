import type { Frame } from '@aws/client';
import type { ServerConnection, Service, ServiceOptions, UpgradeDecision, UpgradeRequest } from '@aws/server';
import type { Subscribable, Unsubscribable } from 'rxjs';
import { HandlerError } from './errors.js';
import type { ServerCall, ServerCodec, ServerMessage, ServerRefusal } from './server-codec.js';

/** What a handler gets besides the params: its connection, and a signal aborted when that connection ends. */
export interface HandlerContext<Context = unknown> {
  readonly connection: ServerConnection<Context>;
  readonly signal: AbortSignal;
}

/**
 * A handler of one method: it returns the result (or a promise of it), or, for a subscription, a `Subscribable`
 * (an RxJS Observable) of its events, which the client's unsubscribe or the end of the connection unsubscribes. A
 * thrown {@link HandlerError} answers with its code, message and data; any other error with the protocol's internal
 * error.
 */
export type Handler<Context = unknown> = (params: unknown, context: HandlerContext<Context>) => unknown;

/** Options of {@link rpcService}. */
export interface RpcServiceOptions<Context = unknown> {
  /** How many calls of one connection run at once; past it, the connection's frames wait unread. @default 16 */
  readonly concurrency?: number;
  /** Gets the errors handlers threw that were not {@link HandlerError}s (they are answered as internal errors), and
   * the errors of subscriptions. @default ignore them */
  readonly onError?: (error: unknown, call: ServerCall) => void;
  /** The service's upgrade decision (accept with a context, or refuse). @default accept */
  readonly upgrade?: (request: UpgradeRequest) => UpgradeDecision<Context> | Promise<UpgradeDecision<Context>>;
  /** The service's per-connection options. */
  readonly options?: ServiceOptions;
}

const isCall = (item: ServerCall | ServerRefusal): item is ServerCall => 'method' in item;
const isSubscribable = (value: unknown): value is Subscribable<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { subscribe?: unknown }).subscribe === 'function';
const ignore = (): void => {};

/** The calls of one connection: the concurrency slots, the order of the answers, the open subscriptions. */
class ConnectionCalls<Context> {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private sending: Promise<void> = Promise.resolve();
  private readonly subscriptions = new Map<string, Unsubscribable>();
  private nextSubscription = 1;
  private readonly ended = new AbortController();

  constructor(
    private readonly connection: ServerConnection<Context>,
    private readonly codec: ServerCodec,
    private readonly handlers: Readonly<Record<string, Handler<Context>>>,
    private readonly options: RpcServiceOptions<Context>,
  ) {}

  /** Resolves once a call may start. */
  private acquire(): Promise<void> | undefined {
    if (this.running < (this.options.concurrency ?? 16)) {
      this.running += 1;
      return undefined;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running -= 1;
    else next();
  }

  async handle(message: ServerMessage): Promise<void> {
    const answers: Promise<unknown>[] = [];
    for (const item of message.calls) {
      if (!isCall(item)) {
        answers.push(Promise.resolve(this.codec.error(item, item.error)));
        continue;
      }
      const slot = this.acquire();
      if (slot !== undefined) await slot;
      const answer = this.run(item);
      answers.push(answer);
      void answer.finally(() => this.release());
    }
    const sent = (): Promise<void> => this.send(answers, message.batch);
    if (this.codec.ordered === true) this.sending = this.sending.then(sent);
    else void sent();
  }

  private async send(answers: readonly Promise<unknown>[], batch: boolean): Promise<void> {
    const settled = (await Promise.all(answers)).filter((answer) => answer !== noAnswer);
    if (settled.length === 0 || !this.connection.isOpen()) return;
    const results = settled.map((answer) => (answer instanceof Subscribed ? answer.answer : answer));
    const frames = this.codec.frames(results, batch);
    for (const frame of frames) this.connection.send(frame).catch(ignore);
    // After the answer, so that the client knows the subscription id before its first event.
    for (const answer of settled) if (answer instanceof Subscribed) answer.start();
  }

  /** Runs one call; resolves with its answer (never rejects). */
  private async run(call: ServerCall): Promise<unknown> {
    const unsubscribed = this.codec.unsubscribes(call);
    if (unsubscribed !== undefined) {
      const subscription = this.subscriptions.get(unsubscribed);
      this.subscriptions.delete(unsubscribed);
      subscription?.unsubscribe();
      if (!call.answered) return noAnswer;
      const existed = subscription !== undefined;
      return this.codec.unsubscribed === undefined ? this.codec.result(call, existed) : this.codec.unsubscribed(call, existed);
    }
    const handler = Object.hasOwn(this.handlers, call.method) ? this.handlers[call.method] : undefined;
    let answer: unknown;
    try {
      if (handler === undefined) throw new HandlerError(-32601, 'Method not found');
      const value: unknown = await handler(call.params, { connection: this.connection, signal: this.ended.signal });
      if (isSubscribable(value)) return this.subscribed(call, value);
      answer = this.codec.result(call, value === undefined ? null : value);
    } catch (error) {
      if (!(error instanceof HandlerError)) this.options.onError?.(error, call);
      const refusal = error instanceof HandlerError ? error : new HandlerError(-32603, 'Internal error');
      answer = this.codec.error(call, refusal);
    }
    return call.answered ? answer : noAnswer;
  }

  private subscribed(call: ServerCall, source: Subscribable<unknown>): Subscribed {
    const id = this.codec.subscriptionId?.(call) ?? String(this.nextSubscription++);
    const answer = this.codec.subscribed === undefined ? this.codec.result(call, id) : this.codec.subscribed(call, id);
    return new Subscribed(answer, () => {
      if (this.ended.signal.aborted) return;
      // A protocol that names its subscriptions (by method) replaces one subscribed again.
      this.subscriptions.get(id)?.unsubscribe();
      this.subscriptions.delete(id);
      const send = (frame: Frame): void => void this.connection.send(frame).catch(ignore);
      const subscription = source.subscribe({
        next: (event) => send(this.codec.event(call.method, id, event)),
        error: (error: unknown) => {
          this.subscriptions.delete(id);
          this.options.onError?.(error, call);
        },
        complete: () => this.subscriptions.delete(id),
      });
      // A source that completed at once needs no teardown later.
      if (this.subscriptions.has(id) || !('closed' in subscription && subscription.closed === true))
        this.subscriptions.set(id, subscription);
    });
  }

  /** The connection ended: its subscriptions and its handlers' signal with it. */
  end(): void {
    this.ended.abort();
    for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
    this.subscriptions.clear();
  }
}

const noAnswer: unique symbol = Symbol('noAnswer');

/** The answer of a subscribe call, and how to start the subscription once that answer is on its way. */
class Subscribed {
  constructor(
    readonly answer: unknown,
    readonly start: () => void,
  ) {}
}

/**
 * A service of `@aws/server` that answers calls: one handler per method, run concurrently up to `concurrency` per
 * connection, each answer with its request's correlation, a thrown error as an error answer (the connection stays
 * open), and subscriptions torn down when the client unsubscribes or disconnects. The protocol is the codec's:
 * {@link jsonRpcServerCodec} for JSON-RPC 2.0 (or use {@link jsonRpcService}, typed).
 *
 * @example
 * ```ts
 * server.register('/rpc', rpcService(jsonRpcServerCodec(), { add: ([a, b]: [number, number]) => a + b }))
 * ```
 */
export function rpcService<Context = unknown>(
  codec: ServerCodec,
  handlers: Readonly<Record<string, Handler<Context>>>,
  options: RpcServiceOptions<Context> = {},
): Service<Context> {
  const calls = new WeakMap<ServerConnection<Context>, ConnectionCalls<Context>>();
  // `received` is awaited one message at a time: while every slot is taken, the connection's frames wait unread and
  // its socket pauses, as for any service.
  return {
    ...(options.options === undefined ? {} : { options: options.options }),
    ...(options.upgrade === undefined ? {} : { upgrade: options.upgrade }),
    connected(connection) {
      calls.set(connection, new ConnectionCalls(connection, codec, handlers, options));
    },
    received(message, connection) {
      return calls.get(connection)?.handle(codec.decode(message));
    },
    disconnected(connection) {
      calls.get(connection)?.end();
      calls.delete(connection);
    },
  };
}
