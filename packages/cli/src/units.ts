const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Reads a duration given on the command line, in milliseconds: `500ms`, `5s`, `1.5m`, `1h`, or a plain number of
 * seconds (`2`, `0.5`), as websocat and wscat take them. `undefined` for anything else or a negative value.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, amount = '', unit = 's'] = match;
  const milliseconds = Math.round(Number(amount) * (units[unit] ?? 1000));
  return Number.isFinite(milliseconds) ? milliseconds : undefined;
}

const sizes: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** Reads a size in bytes: `65536`, `64k`, `1M` (binary multiples, case-insensitive). `undefined` for anything else. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  if (match === null) return undefined;
  const [, amount = '', unit = ''] = match;
  const factor = sizes[unit.toLowerCase()];
  return factor === undefined ? undefined : Number(amount) * factor;
}
