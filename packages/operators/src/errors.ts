import type { StandardSchemaV1 } from '@standard-schema/spec';

/**
 * A message could not be decoded: its binary payload is not valid UTF-8 (`reason: 'utf8'`), or the decoder rejected
 * the text (`reason: 'syntax'`, the decoder's error in `cause`). Match it on `_tag` or with `instanceof`.
 *
 * @example
 * ```ts
 * if (!result.ok && result.error._tag === 'DecodeError') console.warn(result.error.reason, result.error.cause)
 * ```
 */
export class DecodeError extends Error {
  readonly _tag = 'DecodeError';
  override readonly name = 'DecodeError';
  constructor(
    readonly reason: 'utf8' | 'syntax',
    options: { readonly cause: unknown },
  ) {
    super(reason === 'utf8' ? 'the binary message is not valid UTF-8' : `the message is not valid JSON: ${describe(options.cause)}`, options);
  }
}

/**
 * A decoded message does not have the shape its Standard Schema describes. `issues` are the schema's own, with the
 * path of each problem.
 *
 * @example
 * ```ts
 * if (!result.ok && result.error instanceof SchemaError) for (const issue of result.error.issues) console.warn(issue.message)
 * ```
 */
export class SchemaError extends Error {
  readonly _tag = 'SchemaError';
  override readonly name = 'SchemaError';
  constructor(readonly issues: ReadonlyArray<StandardSchemaV1.Issue>) {
    super(`the message does not match the schema: ${issues.map((issue) => issue.message).join('; ')}`);
  }
}

/** Every error a {@link json} Result may carry. */
export type JsonError = DecodeError | SchemaError;

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
