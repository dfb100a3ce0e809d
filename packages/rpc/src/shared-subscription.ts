import type { ConnectionClosedError } from '@aws/client';
import type { Subscriber, TeardownLogic } from 'rxjs';
import type { CallOptions } from './rpc-client.js';

/**
 * What a subscription sends and picks, for {@link RpcClient.subscribe}. The typed facades build it from a method
 * name; write one for a protocol of your own.
 *
 * @example
 * ```ts
 * const emojis: SubscriptionSpec<string> = {
 *   key: 'emojis',
 *   subscribe: ClientRequest.startStream(),
 *   unsubscribe: () => ClientRequest.stopStream(),
 *   match: (event) => event.kind === 'emojiDidChangedEvent',
 *   map: (event) => event.newEmoji,
 * }
 * ```
 */
export interface SubscriptionSpec<Event, Request = unknown> {
  /** Consumers of specs with the same key share one subscription. */
  readonly key: string;
  /** The request that subscribes, sent as a call on every socket; its answer is given to `unsubscribe` and `match`. */
  readonly subscribe: Request;
  /** The request that unsubscribes, once the last consumer has left; none when undefined. */
  readonly unsubscribe?: (answer: unknown) => Request | undefined;
  /** Whether a pushed event belongs to this subscription, given the subscribe call's answer on this socket. */
  readonly match: (event: unknown, answer: unknown) => boolean;
  /** The value the consumers get for a matching event. @default the event itself */
  readonly map?: (event: unknown, answer: unknown) => Event;
  /** Called with every answer to the subscribe call (once per socket). */
  readonly onSubscribed?: (answer: unknown) => void;
  /** Called with the answer to the unsubscribe call. */
  readonly onUnsubscribed?: (answer: unknown) => void;
  /** Options of the subscribe and unsubscribe calls (`timeout`). */
  readonly callOptions?: Pick<CallOptions, 'timeout'>;
}

/** What a shared subscription needs from the client that owns it. */
export interface SubscriptionOwner {
  callRaw(request: unknown, options: CallOptions): Promise<unknown>;
  isConnected(): boolean;
  /** Forgets the subscription (a new consumer of its key starts a new one). */
  release(subscription: object): void;
  /** Tracks an unsubscribe call, for `drain`. */
  track(unsubscribe: Promise<unknown>): void;
}

const noAnswer: unique symbol = Symbol('noAnswer');

/**
 * One subscription and its consumers. The subscribe call is `resend`: when its socket ends before the answer, it is
 * written again on the next one; once answered, a new socket gets a new subscribe call. So each socket carries one
 * subscribe message, whatever the number of consumers.
 */
export class SharedSubscription<Event> {
  private readonly consumers = new Set<Subscriber<Event>>();
  private answer: unknown = noAnswer;
  private subscribing = false;
  private stopped = false;

  constructor(
    private readonly owner: SubscriptionOwner,
    private readonly spec: SubscriptionSpec<Event>,
  ) {}

  add(subscriber: Subscriber<Event>): TeardownLogic {
    this.consumers.add(subscriber);
    if (this.consumers.size === 1) this.subscribe();
    return () => {
      if (!this.consumers.delete(subscriber) || this.consumers.size > 0 || this.stopped) return;
      this.stop();
    };
  }

  event(event: unknown): void {
    const answer = this.answer === noAnswer ? undefined : this.answer;
    if (!this.spec.match(event, answer)) return;
    const value = this.spec.map === undefined ? (event as Event) : this.spec.map(event, answer);
    for (const consumer of [...this.consumers]) consumer.next(value);
  }

  /** A new socket: subscribe on it, unless the subscribe call still waits (it is re-sent by the client then). */
  reconnected(): void {
    if (!this.subscribing && !this.stopped) this.subscribe();
  }

  /** The connection ended for good: the consumers' streams end, with `error` unless it closed normally. */
  end(error: ConnectionClosedError | undefined): void {
    this.stopped = true;
    for (const consumer of [...this.consumers]) {
      if (error === undefined) consumer.complete();
      else consumer.error(error);
    }
    this.consumers.clear();
  }

  private subscribe(): void {
    this.subscribing = true;
    this.answer = noAnswer;
    this.owner.callRaw(this.spec.subscribe, { ...this.spec.callOptions, resend: true }).then(
      (answer) => {
        this.subscribing = false;
        this.answer = answer;
        // The last consumer left while the answer was on its way: now there is something to unsubscribe from.
        if (this.stopped) return this.unsubscribe();
        this.spec.onSubscribed?.(answer);
      },
      (error: unknown) => {
        this.subscribing = false;
        if (this.stopped) return;
        // The subscribe call is re-sent across sockets, so this is a refusal, a timeout or the end of the connection.
        this.stopped = true;
        this.owner.release(this);
        for (const consumer of [...this.consumers]) consumer.error(error);
        this.consumers.clear();
      },
    );
  }

  private stop(): void {
    this.stopped = true;
    this.owner.release(this);
    // Still subscribing: the unsubscribe waits for the answer (see `subscribe`).
    if (!this.subscribing) this.unsubscribe();
  }

  // Nothing to send when the socket that carried the subscription is gone: the server dropped it with the socket.
  private unsubscribe(): void {
    if (this.answer === noAnswer || !this.owner.isConnected()) return;
    const request = this.spec.unsubscribe?.(this.answer);
    if (request === undefined) return;
    const answered = this.owner.callRaw(request, { ...this.spec.callOptions });
    const { onUnsubscribed } = this.spec;
    this.owner.track(onUnsubscribed === undefined ? answered : answered.then(onUnsubscribed));
  }
}
