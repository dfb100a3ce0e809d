import type { Frame } from '@aws/client';
import { caseOf, field, json } from '@aws/operators';
import { mergeMap, type Observable, of, type OperatorFunction } from 'rxjs';

/** What to make of the messages that arrive: `--json`, `--case path`, `--field path`. */
export interface Selection {
  /** Decode text messages as JSON (implied by `case` and `field`). */
  readonly json: boolean;
  /** Keep one case of a tagged union, `caseOf`'s path syntax (`event.newUser`). */
  readonly case?: string | undefined;
  /** Keep one field, `field`'s key-path syntax (`users.0.name`); after `case` when both are given. */
  readonly field?: string | undefined;
}

/** A frame after the selection. */
export type Selected =
  /** Shown as it came: a control frame, a message without `--json`, a binary message that is not JSON. */
  | { readonly kind: 'frame'; readonly frame: Frame }
  /** A decoded message, or the part of it `--case`/`--field` selected. */
  | { readonly kind: 'value'; readonly value: unknown; readonly frame: Frame }
  /** A text message that is not JSON, while JSON was asked for. */
  | { readonly kind: 'invalid'; readonly reason: string; readonly frame: Frame }
  /** A message `--case` or `--field` left out, with the reason `caseOf`/`field` gave. */
  | { readonly kind: 'skipped'; readonly reason: string; readonly frame: Frame };

// The paths come from the command line, so they cannot be checked against a type: the operators take them as
// plain strings here, and their run-time behaviour (skip what does not match, say why) is exactly the typed one.
type Untyped = (path: string, options: { readonly onDrop: (value: unknown, reason: string) => void }) => OperatorFunction<unknown, unknown>;
const caseAt = caseOf as unknown as Untyped;
const fieldAt = field as unknown as Untyped;

/** The frames a session prints: the messages, and the pings and pongs with `-P`. */
export const printed =
  (showPingPong: boolean) =>
  (frame: Frame): boolean =>
    frame.type === 'message' || (showPingPong && (frame.type === 'ping' || frame.type === 'pong'));

/** Everything an Observable emits synchronously on subscription: the operators used here are all synchronous. */
function collect<T>(source: Observable<T>): T[] {
  const values: T[] = [];
  source.subscribe((value) => values.push(value)).unsubscribe();
  return values;
}

/**
 * The operators of `@aws/operators` applied from the command line: `json()` decodes each message, then `caseOf`
 * and `field` take their parts. Every frame gives exactly one {@link Selected}, in order, so a skipped message can
 * still be reported and `--count` knows what to count.
 */
export function select(selection: Selection): OperatorFunction<Frame, Selected> {
  const decoding = selection.json || selection.case !== undefined || selection.field !== undefined;
  return mergeMap((frame: Frame): Selected[] => {
    if (!decoding || frame.type !== 'message') return [{ kind: 'frame', frame }];
    const [result] = collect(of(frame).pipe(json()));
    if (result === undefined || !result.ok) {
      if (frame.message.type === 'binary') return [{ kind: 'frame', frame }];
      return [{ kind: 'invalid', reason: result?.error.message ?? 'not JSON', frame }];
    }
    const reasons: string[] = [];
    const onDrop = (_value: unknown, reason: string) => void reasons.push(reason);
    let values: Observable<unknown> = of(result.value);
    if (selection.case !== undefined) values = values.pipe(caseAt(selection.case, { onDrop }));
    if (selection.field !== undefined) values = values.pipe(fieldAt(selection.field, { onDrop }));
    const selected = collect(values);
    if (selected.length === 0) return [{ kind: 'skipped', reason: reasons[0] ?? 'nothing selected', frame }];
    return selected.map((value) => ({ kind: 'value', value, frame }));
  });
}
