import type { StandardSchemaV1 } from '@standard-schema/spec';
import { excerpt } from './excerpt.js';

/**
 * A message could not be decoded: its binary payload is not valid UTF-8 (`reason: 'utf8'`), or the decoder rejected
 * the text (`reason: 'syntax'`, the decoder's error in `cause`). Match it on `_tag` or with `instanceof`. The message
 * quotes the start of the offending text, which `excerpt` holds (binary is shown as UTF-8, bad bytes as `�`).
 *
 * @example
 * ```ts
 * if (!result.ok && result.error._tag === 'DecodeError') console.warn(result.error.reason, result.error.excerpt)
 * // the message is not valid JSON: Unexpected token 'o', "{oops" is not valid JSON; text: {oops
 * ```
 */
export class DecodeError extends Error {
  readonly _tag = 'DecodeError';
  override readonly name = 'DecodeError';
  /** The start of the offending text, bounded (80 characters), whitespace runs as one space. */
  readonly excerpt: string;
  constructor(
    readonly reason: 'utf8' | 'syntax',
    options: { readonly cause: unknown; readonly text: string },
  ) {
    const quoted = excerpt(options.text);
    const what = reason === 'utf8' ? 'the binary message is not valid UTF-8' : `the message is not valid JSON: ${describe(options.cause)}`;
    super(`${what}; text: ${shown(quoted)}`, options);
    this.excerpt = quoted;
  }
}

/**
 * A decoded message does not have the shape its Standard Schema describes. `issues` are the schema's own, with the
 * path of each problem; the message names the first one, where it is, and quotes the start of the text, which
 * `excerpt` holds.
 *
 * @example
 * ```ts
 * if (!result.ok && result.error instanceof SchemaError) for (const issue of result.error.issues) console.warn(issue.message)
 * // the message does not match the schema at users.0.id: Invalid input: expected number, received string; text: {"users":[{"id":"1"}]}
 * ```
 */
export class SchemaError extends Error {
  readonly _tag = 'SchemaError';
  override readonly name = 'SchemaError';
  /** The start of the offending text, bounded (80 characters), whitespace runs as one space. */
  readonly excerpt: string;
  constructor(
    readonly issues: ReadonlyArray<StandardSchemaV1.Issue>,
    options: { readonly text: string },
  ) {
    const quoted = excerpt(options.text);
    super(`the message does not match the schema${firstIssue(issues)}; text: ${shown(quoted)}`);
    this.excerpt = quoted;
  }
}

/** Every error a {@link json} Result may carry. */
export type JsonError = DecodeError | SchemaError;

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

const shown = (quoted: string): string => (quoted === '' ? '(empty)' : quoted);

/** The key path of an issue in the dot notation of {@link field} (`users.0.id`). */
function issuePath(issue: StandardSchemaV1.Issue): string {
  const keys = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment));
  return keys.length === 0 ? 'the top level' : keys.join('.');
}

// A schema reports every issue it finds; the first one usually explains the others, and they stay in `issues`.
function firstIssue(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  const [first] = issues;
  if (first === undefined) return '';
  const more = issues.length - 1;
  const others = more === 0 ? '' : ` (and ${more} more ${more === 1 ? 'issue' : 'issues'})`;
  return ` at ${issuePath(first)}: ${first.message}${others}`;
}
