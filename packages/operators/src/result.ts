/**
 * The outcome of something that can fail, as a value: `{ ok: true, value }` or `{ ok: false, error }`. It is what
 * {@link toResult} and {@link json} emit, so one failure does not end the stream. Narrow it on `ok`.
 *
 * @example
 * ```ts
 * frames.pipe(json<Message>()).subscribe((result) => {
 *   if (result.ok) handle(result.value)
 *   else console.warn('undecodable frame', result.error)
 * })
 * ```
 */
export type Result<T, E = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** A successful {@link Result}. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

/** A failed {@link Result}. */
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
