/** A parsed matplotlib format string such as `'m--'` or `'bo-'`. */
export interface LineStyle {
  color: string;
  /** SVG `stroke-dasharray` in points for a 1.5 pt line, `null` for solid, `'none'` when no line is drawn. */
  dash: number[] | null | 'none';
  marker: Marker | null;
}

/** The markers that format strings can name. */
export type Marker = 'o' | '.' | 's' | '^' | 'v' | 'x' | '+' | 'D' | '*';

/** matplotlib's single-letter colours. */
const COLORS: Record<string, string> = {
  b: '#0000ff',
  g: '#008000',
  r: '#ff0000',
  c: '#00bfbf',
  m: '#bf00bf',
  y: '#bfbf00',
  k: '#000000',
  w: '#ffffff',
};

/** matplotlib's default colour cycle (tab10), used when a format names no colour. */
export const COLOR_CYCLE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** matplotlib's dash patterns (lines.dashed_pattern etc.) scaled by the 1.5 pt line width. */
const DASHES: Record<string, number[] | null> = {
  '-': null,
  '--': [5.55, 2.4],
  '-.': [9.6, 2.4, 1.5, 2.4],
  ':': [1.5, 2.475],
};

const MARKERS = new Set<string>(['o', '.', 's', '^', 'v', 'x', '+', 'D', '*']);

/** d2l's default formats: `('-', 'm--', 'g-.', 'r:')`. */
export const D2L_FMTS: readonly string[] = ['-', 'm--', 'g-.', 'r:'];

/**
 * Parses a matplotlib format string (colour letter, line style `-`, `--`, `-.`, `:`, marker).
 * `cycleIndex` picks the default colour when the format names none.
 */
export function parseFmt(fmt: string, cycleIndex: number): LineStyle {
  let rest = fmt;
  let color: string | undefined;
  let dash: number[] | null | 'none' | undefined;
  let marker: Marker | null = null;
  while (rest.length > 0) {
    const two = rest.slice(0, 2);
    if (two === '--' || two === '-.') {
      dash = DASHES[two] ?? null;
      rest = rest.slice(2);
    } else if (rest[0] === '-' || rest[0] === ':') {
      dash = DASHES[rest[0]] ?? null;
      rest = rest.slice(1);
    } else if (COLORS[rest[0]!] !== undefined) {
      if (color !== undefined) throw new RangeError(`fmts entry '${fmt}' names two colours; use one of b g r c m y k w`);
      color = COLORS[rest[0]!];
      rest = rest.slice(1);
    } else if (MARKERS.has(rest[0]!)) {
      marker = rest[0] as Marker;
      rest = rest.slice(1);
    } else {
      throw new RangeError(
        `fmts entry '${fmt}' has '${rest[0]}', which is not a colour (b g r c m y k w), a line style (- -- -. :) or a marker (o . s ^ v x + D *)`,
      );
    }
  }
  if (dash === undefined) dash = marker === null ? null : 'none';
  return { color: color ?? COLOR_CYCLE[cycleIndex % COLOR_CYCLE.length]!, dash, marker };
}
