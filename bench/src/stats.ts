/** The median of several runs with the spread around it: the shape every number of the report takes. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The value at quantile `q` (0..1) of numbers sorted ascending, interpolating between neighbours. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (at - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** A summary with the quartiles too: for ratios whose spread decides whether a difference is more than noise. */
export interface Spread extends Summary {
  readonly q1: number;
  readonly q3: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { ...summarize(sorted), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75) };
}

/** `pick` of each sample of `own` over that of the sample of `other` taken in the same round, round by round. */
export function ratios<T>(own: readonly T[], other: readonly T[], pick: (sample: T) => number): number[] {
  return own.flatMap((sample, index) => (index < other.length ? [pick(sample) / pick(other[index] as T)] : []));
}

/** `values` rotated left by `by`: each repetition starts with another client, so none always runs first. */
export function rotate<T>(values: readonly T[], by: number): T[] {
  const shift = values.length === 0 ? 0 : by % values.length;
  return [...values.slice(shift), ...values.slice(0, shift)];
}
