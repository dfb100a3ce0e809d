/**
 * The messages every benchmark sends: JSON of a tagged union, so each client does the same application work
 * (decode the JSON, pick the `tick` case, read its `seq`) and the typed pipeline `json → case → field` has a case
 * and a field to take.
 */
export interface Tick {
  readonly seq: number;
  readonly pad: string;
}

export type BenchMessage = { readonly type: 'tick'; readonly tick: Tick } | { readonly type: 'other'; readonly other: unknown };

/** The JSON text of tick `seq`, padded to exactly `size` bytes (ASCII, so bytes and characters agree). */
export function tickJson(seq: number, size: number): string {
  const bare = JSON.stringify({ type: 'tick', tick: { seq, pad: '' } });
  if (bare.length > size) throw new RangeError(`a tick needs at least ${bare.length} bytes, asked for ${size}`);
  return JSON.stringify({ type: 'tick', tick: { seq, pad: 'x'.repeat(size - bare.length) } });
}

/** The application work of the hand-written clients: what `json → case('tick') → field('seq')` does. */
export function seqOf(text: string): number {
  const message = JSON.parse(text) as BenchMessage;
  return message.type === 'tick' ? message.tick.seq : -1;
}
