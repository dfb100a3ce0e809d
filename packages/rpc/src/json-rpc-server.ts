import { Frame, type Message } from '@aws/client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Subscribable } from 'rxjs';
import { HandlerError } from './errors.js';
import { JsonRpcErrorCode, jsonRpcUnsubscribe, type JsonRpcResponse } from './json-rpc.js';
import type { ApiOf, EventOf, JsonRpcApi, JsonRpcSchemas, MethodName, ResultOf, SubscriptionName } from './json-rpc-api.js';
import { rpcService, type Handler, type HandlerContext, type RpcServiceOptions } from './rpc-service.js';
import type { ServerCall, ServerCodec, ServerRefusal } from './server-codec.js';
import type { Service } from '@aws/server';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function textOf(message: Message): string | undefined {
  if (message.type === 'text') return message.text;
  try {
    return utf8.decode(message.data);
  } catch {
    return undefined;
  }
}

const invalid = (id: ServerRefusal['id'] = null): ServerRefusal => ({
  id,
  error: new HandlerError(JsonRpcErrorCode.invalidRequest, 'Invalid Request'),
});

/** One request of a message, or the refusal its shape earns. */
function readRequest(value: unknown): ServerCall | ServerRefusal {
  if (!isRecord(value)) return invalid();
  const { id } = value;
  const validId = id === undefined || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  const params = value.params;
  const validParams = params === undefined || typeof params === 'object';
  if (value.jsonrpc !== '2.0' || typeof value.method !== 'string' || !validId || !validParams || params === null) {
    return invalid(validId && id !== undefined ? id : null);
  }
  // id null is an id (discouraged, but answered); a missing id is a notification.
  const call: ServerCall = { id: id === null ? undefined : id, method: value.method, params, answered: id !== undefined };
  return id === null ? Object.assign(call, { nullId: true }) : call;
}

const idOf = (call: ServerCall | ServerRefusal): string | number | null =>
  call.id === undefined || (call as { nullId?: boolean }).nullId === true ? null : call.id;

/**
 * The JSON-RPC 2.0 server codec for {@link rpcService}: requests, notifications (no answer), batches (one array of
 * answers, notifications left out), parse errors (-32700), invalid requests (-32600), and `rpc.unsubscribe`.
 *
 * @example
 * ```ts
 * server.register('/rpc', rpcService(jsonRpcServerCodec(), handlers))
 * ```
 */
export function jsonRpcServerCodec(): ServerCodec {
  return {
    decode(message) {
      const text = textOf(message);
      let value: unknown;
      try {
        if (text === undefined) throw new SyntaxError('not UTF-8');
        value = JSON.parse(text);
      } catch {
        return { calls: [{ id: null, error: new HandlerError(JsonRpcErrorCode.parseError, 'Parse error') }], batch: false };
      }
      if (!Array.isArray(value)) return { calls: [readRequest(value)], batch: false };
      if (value.length === 0) return { calls: [invalid()], batch: false };
      return { calls: value.map(readRequest), batch: true };
    },
    result: (call, result): JsonRpcResponse => ({ jsonrpc: '2.0', id: idOf(call), result }),
    error: (call, error): JsonRpcResponse => ({
      jsonrpc: '2.0',
      id: idOf(call),
      error: { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) },
    }),
    frames: (answers, batch) =>
      batch ? [Frame.text(JSON.stringify(answers))] : answers.map((answer) => Frame.text(JSON.stringify(answer))),
    event: (method, subscription, result) => Frame.text(JSON.stringify({ jsonrpc: '2.0', method, params: { subscription, result } })),
    unsubscribes(call) {
      if (call.method !== jsonRpcUnsubscribe) return undefined;
      const subscription = isRecord(call.params) ? call.params.subscription : undefined;
      return typeof subscription === 'string' ? subscription : '';
    },
  };
}

type ParamsOf<A, M extends keyof A> = A[M] extends { readonly params: infer P } ? P : undefined;
type Awaitable<T> = T | Promise<T>;

/** The handlers of a JSON-RPC API: one per method (its result, or a promise of it) and per subscription (a
 * `Subscribable` of its events). */
export type JsonRpcHandlers<A, Context = unknown> = {
  readonly [M in MethodName<A>]: (params: ParamsOf<A, M>, context: HandlerContext<Context>) => Awaitable<ResultOf<A, M>>;
} & {
  readonly [S in SubscriptionName<A>]: (params: ParamsOf<A, S>, context: HandlerContext<Context>) => Subscribable<EventOf<A, S>>;
};

/** Options of {@link jsonRpcService}. */
export interface JsonRpcServiceOptions<Context = unknown> extends RpcServiceOptions<Context> {
  /** The API's schemas: the params of each call are checked (a mismatch answers -32602 Invalid params, with the
   * issues as `data`) before its handler runs. */
  readonly schemas?: JsonRpcSchemas;
}

function checkedParams(schema: StandardSchemaV1 | undefined, handler: Handler<never>): Handler<never> {
  if (schema === undefined) return handler;
  return async (params, context) => {
    const result = await schema['~standard'].validate(params);
    if (result.issues !== undefined) {
      const issues = result.issues.map((issue) => ({
        message: issue.message,
        path: issue.path?.map((key) => (typeof key === 'object' ? key.key : key)),
      }));
      throw new HandlerError(JsonRpcErrorCode.invalidParams, 'Invalid params', issues);
    }
    return handler(result.value, context);
  };
}

/**
 * A typed JSON-RPC 2.0 service for `@aws/server`: {@link rpcService} with {@link jsonRpcServerCodec}, whose
 * handlers the compiler checks against the API (a type, or `{ schemas }`, which also check the params).
 *
 * @example
 * ```ts
 * server.register('/rpc', jsonRpcService<Calculator>({
 *   add: ([a, b]) => a + b,
 *   ticks: ({ every }) => interval(every),
 * }, { concurrency: 8 }))
 * ```
 */
export function jsonRpcService<S extends JsonRpcSchemas, Context = unknown>(
  handlers: JsonRpcHandlers<ApiOf<S>, Context>,
  options: JsonRpcServiceOptions<Context> & { readonly schemas: S },
): Service<Context>;
export function jsonRpcService<A extends JsonRpcApi<A>, Context = unknown>(
  handlers: JsonRpcHandlers<A, Context>,
  options?: JsonRpcServiceOptions<Context>,
): Service<Context>;
export function jsonRpcService<Context>(handlers: object, options: JsonRpcServiceOptions<Context> = {}): Service<Context> {
  const { schemas = {} } = options;
  const checked = Object.fromEntries(
    Object.entries(handlers as Record<string, Handler<never>>).map(([method, handler]) => [
      method,
      checkedParams(Object.hasOwn(schemas, method) ? schemas[method]?.params : undefined, handler),
    ]),
  );
  return rpcService(jsonRpcServerCodec(), checked as Record<string, Handler<Context>>, options);
}
