/** Paints text for a terminal, or leaves it as it is. */
export interface Colours {
  readonly enabled: boolean;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly blue: (text: string) => string;
  readonly magenta: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const paint =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/** ANSI colours when `enabled`, identity functions otherwise. */
export function colours(enabled: boolean): Colours {
  return {
    enabled,
    dim: paint(enabled, 2, 22),
    bold: paint(enabled, 1, 22),
    red: paint(enabled, 31, 39),
    green: paint(enabled, 32, 39),
    yellow: paint(enabled, 33, 39),
    blue: paint(enabled, 34, 39),
    magenta: paint(enabled, 35, 39),
    cyan: paint(enabled, 36, 39),
  };
}

/**
 * Whether to colour an output: only a terminal, and never when `NO_COLOR` is set to anything but the empty string
 * (https://no-color.org) or `--no-color` was given.
 */
export function useColour(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>, option = true): boolean {
  const noColor = env.NO_COLOR;
  return isTTY === true && option && (noColor === undefined || noColor === '');
}
