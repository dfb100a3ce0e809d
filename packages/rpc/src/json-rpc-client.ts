import { toStream, type Connection, type Stream } from '@aws/client';
import { map } from 'rxjs';
import { jsonRpc, jsonRpcUnsubscribe, type JsonRpcCall, type JsonRpcOptions } from './json-rpc.js';
import type { ApiOf, EventOf, JsonRpcApi, JsonRpcSchemas, MethodName, RequestOf, ResultOf, SubscriptionName } from './json-rpc-api.js';
import { RpcClient, type CallOptions, type RpcClientOptions } from './rpc-client.js';
import { validate } from './validate.js';

/** A typed JSON-RPC 2.0 client on one connection; see {@link jsonRpcClient}. */
export interface JsonRpcClient<A> extends Disposable {
  /** Calls a method and resolves with its result (checked by its schema, when there is one); see {@link RpcClient.call}. */
  call<M extends MethodName<A>>(request: RequestOf<A, M>, options?: CallOptions): Promise<ResultOf<A, M>>;
  /**
   * Sends several calls in one JSON-RPC batch; one promise per call, in order, each settling on its own (see
   * {@link RpcClient.callBatch}).
   */
  batch<const R extends readonly BatchItem<A>[]>(requests: R, options?: CallOptions): BatchResults<A, R>;
  /** Sends a notification: no id, no answer. */
  notify<M extends MethodName<A>>(request: RequestOf<A, M>): Promise<void>;
  /** Subscribes (shared between consumers, subscribed again after every reconnection); see {@link RpcClient.subscribe}. */
  subscribe<S extends SubscriptionName<A>>(request: RequestOf<A, S>): Stream<EventOf<A, S>>;
  /** Waits until every call has settled, the unsubscribe calls included. */
  drain(): Promise<void>;
  /** How many calls wait for their answer. */
  readonly pendingCalls: number;
  /** The server's own requests (messages with a method and an id), for the application. */
  readonly messages: Stream<unknown>;
}

/** One call of a batch: any method of the API with its params. */
export type BatchItem<A> = { [M in MethodName<A>]: RequestOf<A, M> }[MethodName<A>];

/** The promises of a batch, one per call, typed by each call's method. */
export type BatchResults<A, R extends readonly unknown[]> = {
  -readonly [K in keyof R]: R[K] extends { readonly method: infer M extends MethodName<A> } ? Promise<ResultOf<A, M>> : never;
};

/** Options of {@link jsonRpcClient}. */
export interface JsonRpcClientOptions extends RpcClientOptions, JsonRpcOptions {}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * A typed JSON-RPC 2.0 client on a connection. The API comes from a type (`jsonRpcClient<Calculator>(connection)`)
 * or from Standard Schemas (`{ schemas }`), which also check every result and event: a misspelt method or wrong
 * params fail to compile, a result of the wrong shape rejects its call with a `SchemaError` and leaves the others
 * alone.
 *
 * Subscriptions follow the common JSON-RPC convention: the subscribe call answers with a subscription id, each event
 * is a notification of the same method with `params: { subscription, result }`, and `rpc.unsubscribe` with
 * `{ subscription }` ends it (what {@link jsonRpcService} serves).
 *
 * @example
 * ```ts
 * interface Calculator {
 *   add: { params: [number, number]; result: number }
 *   ticks: { params: { every: number }; event: number }
 * }
 * await using connection = await client.connect({ id: ID(), url, reconnect: true })
 * using rpc = jsonRpcClient<Calculator>(connection, { timeout: 5_000 })
 * const sum = await rpc.call({ method: 'add', params: [1, 2] }) // number
 * for await (const tick of rpc.subscribe({ method: 'ticks', params: { every: 100 } })) if (tick > 3) break
 * ```
 */
export function jsonRpcClient<S extends JsonRpcSchemas>(
  connection: Connection,
  options: JsonRpcClientOptions & { readonly schemas: S },
): JsonRpcClient<ApiOf<S>>;
export function jsonRpcClient<A extends JsonRpcApi<A>>(connection: Connection, options?: JsonRpcClientOptions): JsonRpcClient<A>;
export function jsonRpcClient(connection: Connection, options: JsonRpcClientOptions & { readonly schemas?: JsonRpcSchemas } = {}): unknown {
  const rpc = new RpcClient<JsonRpcCall>(connection, jsonRpc(options), options);
  const { schemas = {} } = options;
  const schemaOf = (method: string, part: 'result' | 'event') => {
    const entry = Object.hasOwn(schemas, method) ? (schemas[method] as unknown as Record<string, unknown>) : undefined;
    return entry?.[part] as Parameters<typeof validate>[0];
  };
  const client = {
    call: (request: JsonRpcCall, callOptions?: CallOptions) => {
      const schema = schemaOf(request.method, 'result');
      const answer = rpc.call(request, callOptions);
      return schema === undefined ? answer : answer.then((result) => validate(schema, result));
    },
    batch: (requests: readonly JsonRpcCall[], callOptions?: CallOptions) =>
      rpc
        .callBatch(requests, callOptions)
        .map((answer, index) => answer.then((result) => validate(schemaOf((requests[index] as JsonRpcCall).method, 'result'), result))),
    notify: (request: JsonRpcCall) => rpc.notify(request),
    subscribe: (request: JsonRpcCall) => {
      const schema = schemaOf(request.method, 'event');
      const events = rpc.subscribe<{ readonly result: unknown }>({
        key: JSON.stringify([request.method, request.params]),
        subscribe: request,
        unsubscribe: (subscription) => ({ method: jsonRpcUnsubscribe, params: { subscription } }),
        match: (event, subscription) =>
          isRecord(event) &&
          event.method === request.method &&
          isRecord(event.params) &&
          event.params.subscription === subscription &&
          subscription !== undefined,
        map: (event) => (event as { params: { result: unknown } }).params,
      });
      // A schema checks each event; one of the wrong shape ends the stream with its SchemaError.
      return toStream(events.pipe(map((params) => (schema === undefined ? params.result : validate(schema, params.result)))));
    },
    drain: () => rpc.drain(),
    get pendingCalls() {
      return rpc.pendingCalls;
    },
    messages: rpc.messages,
    [Symbol.dispose]: () => rpc[Symbol.dispose](),
  };
  return client;
}
