import {
  AbortedError,
  ConnectionClosedError,
  toStream,
  type Connection,
  type ConnectionStatus,
  type Frame,
  type Stream,
} from '@aws/client';
import { Observable, Subject, type Subscription } from 'rxjs';
import type { CallId, ClientCodec, Incoming } from './codec.js';
import { ProtocolError } from './errors.js';
import { PendingCall, type CallOwner } from './pending-call.js';
import { SharedSubscription, type SubscriptionOwner, type SubscriptionSpec } from './shared-subscription.js';

/** Options of one call. */
export interface CallOptions {
  /** Milliseconds to wait for the answer before rejecting with `TimedOutError` (`operation: 'call'`); `Infinity`
   * waits for ever. @default the client's `timeout` */
  readonly timeout?: number;
  /** Aborting rejects the call with `AbortedError` (`operation: 'call'`): at once when it is already aborted, and
   * nothing is sent then. */
  readonly signal?: AbortSignal;
  /** When the socket ends before the answer, send the call again on the next socket (with reconnection on): for
   * idempotent calls. Otherwise the call rejects with `ConnectionClosedError`. @default false */
  readonly resend?: boolean;
}

/** Options of {@link RpcClient}. */
export interface RpcClientOptions {
  /** The default timeout of a call, in milliseconds. @default 30000 */
  readonly timeout?: number;
  /** Gets what concerns no call: an answer with an unknown id, an answer no pending call matches, an unreadable
   * message. @default ignore them */
  readonly onProblem?: (problem: ProtocolError) => void;
}

// Ids of calls that gave up waiting (timeout, abort): their late answers are expected, not problems. Bounded.
const rememberedAbandons = 1_024;

/**
 * Calls and subscriptions on one connection, for any protocol a {@link ClientCodec} describes: `call` settles every
 * time (its answer, a timeout, an abort, a typed rejection when the socket or the connection ends or the send
 * fails), and `subscribe` streams are shared, and subscribed again on every new socket. The typed facades
 * ({@link jsonRpcClient}, {@link codableClient}) build on it; use it directly for a protocol of your own.
 *
 * It reads the connection's frames and statuses from its creation until the connection ends or it is disposed.
 *
 * @example
 * ```ts
 * await using connection = await client.connect({ id: ID(), url, reconnect: true })
 * using rpc = new RpcClient(connection, jsonRpc())
 * const sum = await rpc.call({ method: 'add', params: [1, 2] }, { timeout: 1_000 })
 * ```
 */
export class RpcClient<Request = unknown> implements Disposable {
  /** Messages of the protocol that are neither answers nor events (a server's welcome). */
  readonly messages: Stream<unknown>;
  private readonly pending = new Map<CallId, PendingCall>();
  private readonly abandoned = new Set<CallId>();
  private readonly subscriptions = new Map<string, SharedSubscription<unknown>>();
  private readonly unsubscribes = new Set<Promise<unknown>>();
  private readonly others = new Subject<unknown>();
  private readonly listening: Subscription;
  private readonly timeout: number;
  private nextId = 1;
  /** The number of the current socket: 1 for the first, +1 on every reconnection; 0 before the first. */
  private socket = 0;
  private connected = false;
  private ended: ConnectionClosedError | undefined;
  /** What its calls and subscriptions may ask of the client, kept off the client's public type. */
  private readonly owner: CallOwner & SubscriptionOwner = {
    forget: (call, abandoned) => this.forget(call, abandoned),
    isConnected: () => this.connected,
    release: (subscription) => this.release(subscription),
    track: (unsubscribe) => this.track(unsubscribe),
    callRaw: (request, options) => this.call(request as Request, options),
  };

  constructor(
    private readonly connection: Connection,
    private readonly codec: ClientCodec<Request>,
    private readonly options: RpcClientOptions = {},
  ) {
    this.timeout = options.timeout ?? 30_000;
    this.messages = toStream(this.others.asObservable());
    this.listening = codec.decode(connection.frames).subscribe({
      next: (incoming) => this.receive(incoming),
      error: (error: unknown) => this.problem(new ProtocolError('malformed', 'the codec failed', { cause: error })),
    });
    this.listening.add(connection.status.subscribe((status) => this.statusChanged(status)));
  }

  /** How many calls wait for their answer. */
  get pendingCalls(): number {
    return this.pending.size;
  }

  /**
   * Sends `request` and resolves with its answer. Rejects with `TimedOutError`, `AbortedError`,
   * `ConnectionClosedError` (the connection ended, or its socket did and the call is not `resend`), the send's own
   * error (`SendQueueFullError`, ...), a {@link RemoteError} when the peer answered with an error, or the error of a
   * malformed answer (a `SchemaError`).
   *
   * @example
   * ```ts
   * const users = await rpc.call(request, { timeout: 2_000, signal, resend: true })
   * ```
   */
  call(request: Request, options: CallOptions = {}): Promise<unknown> {
    if (this.ended !== undefined) return Promise.reject(this.ended);
    const { signal } = options;
    if (signal?.aborted === true) return Promise.reject(new AbortedError(signal.reason, 'call'));
    const id = this.nextId++;
    let frame: Frame;
    try {
      frame = this.codec.encode(request, id);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => this.write(this.awaitAnswer(id, request, frame, options, resolve, reject)));
  }

  /** A call waiting for its answer, under its id. */
  private awaitAnswer(
    id: number,
    request: Request,
    frame: Frame,
    options: CallOptions,
    resolve: (value: unknown) => void,
    reject: (error: unknown) => void,
  ): PendingCall {
    const timeout = options.timeout ?? this.timeout;
    const call = new PendingCall(this.owner, id, request, frame, options.resend ?? false, options.signal, resolve, reject, timeout);
    this.pending.set(id, call);
    return call;
  }

  /**
   * Sends several requests in one frame (a JSON-RPC batch; the codec must have `encodeBatch`) and returns one promise
   * per request, each settling as {@link RpcClient.call}'s does. A resendable call of the batch whose socket ends
   * before its answer is sent again alone.
   *
   * @example
   * ```ts
   * const [sum, product] = rpc.callBatch([{ method: 'add', params: [1, 2] }, { method: 'multiply', params: [3, 4] }])
   * ```
   */
  callBatch(requests: readonly Request[], options: CallOptions = {}): Promise<unknown>[] {
    const { encodeBatch } = this.codec;
    const refuse = (error: unknown): Promise<unknown>[] => requests.map(() => Promise.reject(error));
    if (encodeBatch === undefined) return refuse(new TypeError('this codec has no batches'));
    if (this.ended !== undefined) return refuse(this.ended);
    const { signal } = options;
    if (signal?.aborted === true) return refuse(new AbortedError(signal.reason, 'call'));
    const ids = requests.map(() => this.nextId++);
    let frames: Frame[];
    let batch: Frame;
    try {
      frames = requests.map((request, index) => this.codec.encode(request, ids[index]));
      batch = encodeBatch(requests.map((request, index) => [request, ids[index]] as const));
    } catch (error) {
      return refuse(error);
    }
    const calls: PendingCall[] = [];
    const promises = requests.map(
      (request, index) =>
        new Promise<unknown>((resolve, reject) => {
          calls.push(this.awaitAnswer(ids[index] as number, request, frames[index] as Frame, options, resolve, reject));
        }),
    );
    this.writeAll(calls, batch);
    return promises;
  }

  /**
   * Sends `request` as a notification: no id, no answer awaited (JSON-RPC notifications). Resolves once written.
   *
   * @example
   * ```ts
   * await rpc.notify({ method: 'log', params: ['hello'] })
   * ```
   */
  notify(request: Request): Promise<void> {
    if (this.ended !== undefined) return Promise.reject(this.ended);
    try {
      return this.connection.send(this.codec.encode(request, undefined));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A subscription: the first consumer sends `spec.subscribe` (as a call), every consumer gets the events
   * `spec.match` picks, the last one to leave sends `spec.unsubscribe`; after a reconnection it is sent again on the
   * new socket. Consumers of the same `spec.key` share one subscription. The stream errors with the subscribe call's
   * error, or `ConnectionClosedError` when the connection ends other than with 1000 (then it completes).
   *
   * @example
   * ```ts
   * const ticks = rpc.subscribe({ key: 'ticks', subscribe: start, unsubscribe: () => stop, match: isTick })
   * for await (const tick of ticks) console.log(tick)
   * ```
   */
  subscribe<Event>(spec: SubscriptionSpec<Event, Request>): Stream<Event> {
    return toStream(
      new Observable<Event>((subscriber) => {
        if (this.ended !== undefined) return subscriber.error(this.ended);
        let shared = this.subscriptions.get(spec.key) as SharedSubscription<Event> | undefined;
        if (shared === undefined) {
          shared = new SharedSubscription(this.owner, spec as SubscriptionSpec<Event>);
          this.subscriptions.set(spec.key, shared as SharedSubscription<unknown>);
        }
        return shared.add(subscriber);
      }),
    );
  }

  /**
   * Resolves once every call has settled and every unsubscribe message has been answered: wait for it before closing
   * the connection, so that the server hears the unsubscribe.
   *
   * @example
   * ```ts
   * await rpc.drain(); await connection.close()
   * ```
   */
  async drain(): Promise<void> {
    while (this.pending.size > 0 || this.unsubscribes.size > 0) {
      const calls = [...this.pending.values()].map((call) => call.settledPromise);
      await Promise.allSettled([...calls, ...this.unsubscribes]);
    }
  }

  /** Stops reading the connection, and rejects every pending call with `ConnectionClosedError`. The connection stays
   * open. */
  [Symbol.dispose](): void {
    this.end(new ConnectionClosedError(this.connection.id, 'is no longer read by this caller'), false);
  }

  private forget(call: PendingCall, abandoned: boolean): void {
    this.pending.delete(call.id);
    if (!abandoned) return;
    this.abandoned.add(call.id);
    if (this.abandoned.size > rememberedAbandons) this.abandoned.delete(this.abandoned.values().next().value as CallId);
  }

  private release(subscription: object): void {
    for (const [key, shared] of this.subscriptions) if (shared === subscription) this.subscriptions.delete(key);
  }

  private track(unsubscribe: Promise<unknown>): void {
    const tracked: Promise<unknown> = unsubscribe.catch(() => {}).finally(() => this.unsubscribes.delete(tracked));
    this.unsubscribes.add(tracked);
  }

  private write(call: PendingCall): void {
    if (call.frame !== undefined) this.writeAll([call], call.frame);
  }

  private writeAll(calls: readonly PendingCall[], frame: Frame): void {
    this.connection.send(frame).then(
      () => {
        for (const call of calls) {
          call.writtenOn = this.socket;
          // Only a resendable call is ever written again.
          if (!call.resend) call.frame = undefined;
        }
      },
      (error: unknown) => {
        for (const call of calls) {
          if (call.isSettled) continue;
          // Between two sockets a resendable call waits for the next one; otherwise the send's error is the answer.
          if (call.resend && !this.connected && this.ended === undefined) call.lost = true;
          else call.fail(error);
        }
      },
    );
  }

  private receive(incoming: Incoming): void {
    switch (incoming.type) {
      case 'reply': {
        const call = this.pending.get(incoming.id);
        if (call !== undefined) return call.answer(incoming.outcome);
        if (!this.abandoned.has(incoming.id)) {
          this.problem(new ProtocolError('unknownId', `an answer for id ${JSON.stringify(incoming.id)}, which no call waits for`));
        }
        return;
      }
      case 'answer': {
        for (const call of this.pending.values()) {
          if (this.codec.matches?.(call.request as Request, incoming.reply) === true) return call.answer(incoming.outcome);
        }
        return this.problem(new ProtocolError('unmatched', 'an answer that no pending call matches'));
      }
      case 'event':
        for (const subscription of this.subscriptions.values()) subscription.event(incoming.event);
        return;
      case 'other':
        return this.others.next(incoming.message);
      case 'invalid': {
        const call = incoming.id === undefined ? undefined : this.pending.get(incoming.id);
        if (call !== undefined) return call.fail(incoming.error);
        return this.problem(
          incoming.error instanceof ProtocolError
            ? incoming.error
            : new ProtocolError('malformed', incoming.error.message, { cause: incoming.error }),
        );
      }
    }
  }

  private statusChanged(status: ConnectionStatus): void {
    switch (status.type) {
      case 'connected':
        this.socket += 1;
        this.connected = true;
        return this.reconnected();
      case 'reconnecting':
        if (this.connected) this.socketLost();
        this.connected = false;
        return;
      case 'didClose':
        return this.end(
          new ConnectionClosedError(this.connection.id, `closed with ${status.code} before the call was answered`),
          status.code === 1000,
        );
      case 'didFail':
        return this.end(new ConnectionClosedError(this.connection.id, `failed: ${status.error.message}`), false);
      case 'connecting':
        return;
    }
  }

  // The calls written on the socket that ended will get no answer: re-sent on the next socket, or rejected.
  private socketLost(): void {
    for (const call of [...this.pending.values()]) {
      if (call.writtenOn !== this.socket || call.writtenOn === 0) continue;
      if (call.resend) call.lost = true;
      else call.fail(new ConnectionClosedError(this.connection.id, 'lost its socket before the call was answered'));
    }
  }

  // Calls whose send failed between two sockets, or whose socket ended, go out on this one.
  private reconnected(): void {
    for (const call of this.pending.values()) {
      if (!call.lost) continue;
      call.lost = false;
      call.writtenOn = 0;
      this.write(call);
    }
    // The first socket carries the subscribe calls made so far; the later ones need them again.
    if (this.socket === 1) return;
    for (const subscription of this.subscriptions.values()) subscription.reconnected();
  }

  private end(error: ConnectionClosedError, clean: boolean): void {
    if (this.ended !== undefined) return;
    this.ended = error;
    this.connected = false;
    this.listening.unsubscribe();
    for (const call of [...this.pending.values()]) call.fail(error);
    for (const subscription of [...this.subscriptions.values()]) subscription.end(clean ? undefined : error);
    this.subscriptions.clear();
    this.others.complete();
  }

  private problem(problem: ProtocolError): void {
    this.options.onProblem?.(problem);
  }
}
