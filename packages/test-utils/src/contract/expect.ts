import type { ContractFrame, ContractStream } from './client-shape.js';

/** A failed expectation of the contract suite. Plain, so that it crosses a browser page or a process as text. */
export class ContractFailure extends Error {
  override name = 'ContractFailure';
}

/** Deep equality of plain data: objects, arrays, strings, numbers and byte arrays (compared by content). */
export function equal(actual: unknown, expected: unknown, what = 'value'): void {
  if (!same(actual, expected)) throw new ContractFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function ok(condition: boolean, what: string): void {
  if (!condition) throw new ContractFailure(what);
}

/** The promise rejects, with an error whose `_tag` is `tag` (checked on the tag: bundles may copy the classes). */
export async function rejects(promise: Promise<unknown>, tag: string, what = 'the call'): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    equal((error as { _tag?: unknown })?._tag, tag, `${what} rejects with`);
    return error;
  }
  throw new ContractFailure(`${what}: expected a rejection with ${tag}, it resolved`);
}

/** The call throws synchronously an error tagged `tag`. */
export function throws(call: () => unknown, tag: string, what = 'the call'): unknown {
  try {
    call();
  } catch (error) {
    equal((error as { _tag?: unknown })?._tag, tag, `${what} throws`);
    return error;
  }
  throw new ContractFailure(`${what}: expected it to throw ${tag}`);
}

/** Rejects when `promise` takes longer than `ms`, saying what was awaited. */
export function within<T>(ms: number, promise: Promise<T>, what: string | (() => string)): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ContractFailure(`${typeof what === 'string' ? what : what()}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The first `count` values of a stream (all of them if it completes first), within `ms`. */
export function take<T>(stream: ContractStream<T>, count: number, ms = 3_000, what = 'the stream'): Promise<T[]> {
  const values: T[] = [];
  let stop: () => void = () => {};
  const taken = new Promise<T[]>((resolve, reject) => {
    let subscription: { unsubscribe(): void } | undefined;
    let done = false;
    const finish = (): void => {
      done = true;
      queueMicrotask(() => subscription?.unsubscribe());
      resolve(values);
    };
    stop = finish;
    subscription = stream.subscribe({
      next: (value) => {
        if (done) return;
        values.push(value);
        if (values.length >= count) finish();
      },
      error: reject,
      complete: () => {
        if (!done) finish();
      },
    });
    if (done) subscription.unsubscribe();
  });
  return within(ms, taken, () => `${what} (${values.length} of ${count} values)`).finally(() => stop());
}

export async function first<T>(stream: ContractStream<T>, ms = 3_000, what = 'the stream'): Promise<T> {
  const [value] = await take(stream, 1, ms, what);
  if (value === undefined) throw new ContractFailure(`${what} completed without a value`);
  return value;
}

/** The first value that satisfies `predicate`, within `ms`. */
export function firstWhere<T>(stream: ContractStream<T>, predicate: (value: T) => boolean, ms = 3_000, what = 'the stream'): Promise<T> {
  const filtered: ContractStream<T> = {
    subscribe: (observer) =>
      stream.subscribe({
        next: (value) => {
          if (predicate(value)) observer.next?.(value);
        },
        error: (error) => observer.error?.(error),
        complete: () => observer.complete?.(),
      }),
  };
  return first(filtered, ms, what);
}

/** Every value up to completion, within `ms`. */
export function all<T>(stream: ContractStream<T>, ms = 3_000, what = 'the stream'): Promise<T[]> {
  return take(stream, Number.POSITIVE_INFINITY, ms, what);
}

export async function last<T>(stream: ContractStream<T>, ms = 3_000, what = 'the stream'): Promise<T> {
  const values = await all(stream, ms, what);
  if (values.length === 0) throw new ContractFailure(`${what} completed without a value`);
  return values[values.length - 1] as T;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const text = (value: string): ContractFrame => ({ type: 'message', message: { type: 'text', text: value } });
export const binary = (data: Uint8Array): ContractFrame => ({ type: 'message', message: { type: 'binary', data } });

/** The text of a text message, or undefined for any other frame. */
export const textOf = (frame: ContractFrame | undefined): string | undefined =>
  frame?.type === 'message' && frame.message.type === 'text' ? frame.message.text : undefined;

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((byte, index) => byte === b[index]);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function show(value: unknown): string {
  if (value instanceof Uint8Array) return `bytes[${value.length}]`;
  try {
    return JSON.stringify(value, (_key, inner) => (inner instanceof Uint8Array ? `bytes[${inner.length}]` : inner)) ?? String(value);
  } catch {
    return String(value);
  }
}
