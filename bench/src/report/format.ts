import type { Spread, Summary } from '../stats.js';

const MiB = 1024 * 1024;

/** Three significant digits, thousands as k and millions as M: table cells stay short. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (magnitude >= 1e4) return `${Math.round(value / 1e3)}k`;
  if (magnitude >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
  // Through Number, so that trailing zeros of the decimals go but those of the integer part stay.
  return String(Number(value.toPrecision(3)));
}

export const ratio = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–');
export const mib = (bytes: number): string => (bytes / MiB).toFixed(1);
export const bytes = (value: number): string => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')}` : '–');

/** `median (min–max)` of a summary, each formatted with `format`. */
export function cell(summary: Summary, format: (value: number) => string = num): string {
  if (summary.min === summary.max) return format(summary.median);
  return `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
}

export function sizeLabel(size: number): string {
  if (size >= MiB) return `${size / MiB} MiB`;
  if (size >= 1024) return `${size / 1024} KiB`;
  return `${size} B`;
}

/** A markdown table from a header row and data rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A ratio's `median (IQR q1–q3; min–max)`: the spread of the per-round ratios around their median. */
export function spreadCell(spread: Spread): string {
  if (spread.min === spread.max) return ratio(spread.median);
  return `${ratio(spread.median)} (${ratio(spread.q1)}–${ratio(spread.q3)}; ${ratio(spread.min)}–${ratio(spread.max)})`;
}
