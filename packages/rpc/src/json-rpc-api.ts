import type { StandardSchemaV1 } from '@standard-schema/spec';

/** A method of a JSON-RPC API: what its `params` are and what it answers. */
export interface JsonRpcMethod<Params = unknown, Result = unknown> {
  readonly params: Params;
  readonly result: Result;
}

/** A subscription of a JSON-RPC API: its `params`, and the events its notifications carry. */
export interface JsonRpcSubscription<Params = unknown, Event = unknown> {
  readonly params: Params;
  readonly event: Event;
}

/**
 * The description of a JSON-RPC API, the one type both sides share: one entry per method (`params` and `result`)
 * or subscription (`params` and `event`). A `params` that admits `undefined` may be left out.
 *
 * @example
 * ```ts
 * interface Calculator {
 *   add: { params: [number, number]; result: number }
 *   ticks: { params: { every: number }; event: number }
 * }
 * const rpc = jsonRpcClient<Calculator>(connection)
 * ```
 */
export type JsonRpcApi<A> = { readonly [K in keyof A]: JsonRpcMethod | JsonRpcSubscription };

/** The names of the methods (the entries with a `result`) of an API. */
export type MethodName<A> = { [K in keyof A]: A[K] extends { readonly result: unknown } ? K : never }[keyof A] & string;

/** The names of the subscriptions (the entries with an `event`) of an API. */
export type SubscriptionName<A> = { [K in keyof A]: A[K] extends { readonly event: unknown } ? K : never }[keyof A] & string;

type ParamsOf<A, M extends keyof A> = A[M] extends { readonly params: infer P } ? P : undefined;
type ParamsField<P> = undefined extends P ? { readonly params?: P } : { readonly params: P };

/** The request of method (or subscription) `M`: its name and its params. */
export type RequestOf<A, M extends keyof A & string> = { readonly method: M } & ParamsField<ParamsOf<A, M>>;

/** What method `M` answers. */
export type ResultOf<A, M extends keyof A> = A[M] extends { readonly result: infer R } ? R : never;

/** The events of subscription `S`. */
export type EventOf<A, S extends keyof A> = A[S] extends { readonly event: infer E } ? E : never;

/** The schemas of one method: its params (optional) and its result. */
export interface MethodSchemas {
  readonly params?: StandardSchemaV1;
  readonly result: StandardSchemaV1;
}

/** The schemas of one subscription: its params (optional) and its events. */
export interface SubscriptionSchemas {
  readonly params?: StandardSchemaV1;
  readonly event: StandardSchemaV1;
}

/**
 * A JSON-RPC API described by Standard Schemas (valibot, zod, arktype...): the types come from them, and each side
 * checks what it receives (the client the results and events, the server the params).
 *
 * @example
 * ```ts
 * const calculator = { add: { params: v.tuple([v.number(), v.number()]), result: v.number() } } satisfies JsonRpcSchemas
 * ```
 */
export type JsonRpcSchemas = { readonly [name: string]: MethodSchemas | SubscriptionSchemas };

type SchemaParams<S> = S extends { readonly params: infer P extends StandardSchemaV1 } ? StandardSchemaV1.InferInput<P> : undefined;

/** The API a set of {@link JsonRpcSchemas} describes. */
export type ApiOf<S extends JsonRpcSchemas> = {
  readonly [K in keyof S]: S[K] extends { readonly result: infer R extends StandardSchemaV1 }
    ? JsonRpcMethod<SchemaParams<S[K]>, StandardSchemaV1.InferOutput<R>>
    : S[K] extends { readonly event: infer E extends StandardSchemaV1 }
      ? JsonRpcSubscription<SchemaParams<S[K]>, StandardSchemaV1.InferOutput<E>>
      : never;
};
