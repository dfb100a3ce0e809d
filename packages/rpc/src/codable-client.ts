import type { Connection, Stream } from '@aws/client';
import type { CodableCaseName, CodableCaseView } from '@aws/operators';
import { codableEnvelope, type CodableEnvelopeOptions } from './codable-envelope.js';
import { RpcClient, type CallOptions, type RpcClientOptions } from './rpc-client.js';

/** What a call with request `R` resolves with: the payload of the response case of the same name. */
export type CodableAnswer<Response, R> = Extract<CodableCaseView<Response>, { readonly case: CodableCaseName<R> }>['value'];

/** A subscription of a Codable protocol: the request that starts it, the one that stops it, its events. */
export interface CodableSubscription<Request, Event, Picked extends Event = Event> {
  readonly subscribe: Request;
  readonly unsubscribe?: Request;
  /** Which events are this subscription's. @default all of them */
  readonly match?: (event: Event) => event is Picked;
  /** Shares the subscription between consumers. @default the JSON of `subscribe` */
  readonly key?: string;
  /** Called with the answer to every subscribe request (once per socket). */
  readonly onSubscribed?: (answer: unknown) => void;
  /** Called with the answer to the unsubscribe request. */
  readonly onUnsubscribed?: (answer: unknown) => void;
}

/** A typed client of a Swift `Codable` protocol; see {@link codableClient}. */
export interface CodableClient<Request, Response, Event, Other = unknown> extends Disposable {
  /** Sends a request and resolves with the payload of its answer; see {@link RpcClient.call}. */
  call<R extends Request>(request: R, options?: CallOptions): Promise<CodableAnswer<Response, R>>;
  /** A shared subscription, subscribed again after every reconnection; see {@link RpcClient.subscribe}. */
  subscribe<Picked extends Event = Event>(subscription: CodableSubscription<Request, Event, Picked>): Stream<Picked>;
  /** Waits until every call has settled, the unsubscribe requests included. */
  drain(): Promise<void>;
  /** How many calls wait for their answer. */
  readonly pendingCalls: number;
  /** The messages that are neither answers nor events (a welcome), typed as `Other` (unchecked without a schema). */
  readonly messages: Stream<Other>;
}

/** Options of {@link codableClient}. */
export interface CodableClientOptions extends RpcClientOptions, CodableEnvelopeOptions {}

/**
 * A typed client of a protocol in the Swift `Codable` envelope ({@link codableEnvelope}): requests and responses
 * are Codable enums whose cases have the same names, so `call({ getUsers: { count: 2 } })` resolves with the payload
 * of the `getUsers` response, typed. A misspelt case or a wrong payload fails to compile.
 *
 * @example
 * ```ts
 * const users = codableClient<RequestType, Response, Event>(connection, {
 *   wrap: (request) => ({ request: { _0: { single: { _0: request } } } }),
 *   binary: true,
 * })
 * const { users: list } = await users.call({ getUsers: { count: 2 } }) // [{ id: 1, name: 'A' }, { id: 2, name: 'B' }]
 * ```
 */
export function codableClient<Request, Response, Event = never, Other = unknown>(
  connection: Connection,
  options: CodableClientOptions = {},
): CodableClient<Request, Response, Event, Other> {
  const rpc = new RpcClient(connection, codableEnvelope(options), options);
  return {
    call: (request, callOptions) => rpc.call(request, callOptions) as Promise<never>,
    subscribe: <Picked extends Event>(subscription: CodableSubscription<Request, Event, Picked>) => {
      const { match, unsubscribe, onSubscribed, onUnsubscribed } = subscription;
      return rpc.subscribe<Picked>({
        key: subscription.key ?? JSON.stringify(subscription.subscribe),
        subscribe: subscription.subscribe,
        ...(unsubscribe === undefined ? {} : { unsubscribe: () => unsubscribe }),
        match: (event) => match === undefined || match(event as Event),
        ...(onSubscribed === undefined ? {} : { onSubscribed }),
        ...(onUnsubscribed === undefined ? {} : { onUnsubscribed }),
      });
    },
    drain: () => rpc.drain(),
    get pendingCalls() {
      return rpc.pendingCalls;
    },
    messages: rpc.messages as Stream<Other>,
    [Symbol.dispose]: () => rpc[Symbol.dispose](),
  };
}
