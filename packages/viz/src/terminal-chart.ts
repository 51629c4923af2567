import type { ChartSeries } from './line-chart.js';

/** What the terminal view draws: the series with their limits, as the SVG chart. */
export interface TerminalChartSpec {
  series: readonly ChartSeries[];
  xlim: readonly [number, number];
  ylim: readonly [number, number];
  xlabel: string | undefined;
  /** Plot width in character cells (each holds 2x4 braille dots). */
  cols: number;
  /** Plot height in character rows. */
  rows: number;
  color: boolean;
  /** The x of the latest add, shown first on the legend line. */
  x?: number;
}

const ANSI: Record<string, number> = {
  '#1f77b4': 34, '#0000ff': 34, '#bf00bf': 35, '#9467bd': 35, '#e377c2': 35, '#008000': 32, '#2ca02c': 32,
  '#ff0000': 31, '#d62728': 31, '#ff7f0e': 33, '#bfbf00': 33, '#bcbd22': 33, '#00bfbf': 36, '#17becf': 36,
};

/** The ANSI colour closest to a series colour (blue, magenta, green, red, yellow, cyan; else default). */
function ansi(color: string, on: boolean, text: string): string {
  const code = ANSI[color];
  return on && code !== undefined ? `\x1b[${code}m${text}\x1b[39m` : text;
}

/** Braille dot bits for (dx 0..1, dy 0..3) within a cell. */
const DOT = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

/** A compact terminal number: 4 significant digits. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/**
 * Draws the series as a braille line chart: `rows` lines of `cols` characters plus a y-axis and x-axis
 * labels, then a legend line with each series' latest value. Returns the lines (no newlines).
 */
export function terminalChart(spec: TerminalChartSpec): string[] {
  const { cols, rows } = spec;
  const dw = cols * 2;
  const dh = rows * 4;
  const bits = new Uint8Array(cols * rows);
  const owner = new Int16Array(cols * rows).fill(-1);
  const [x0, x1] = spec.xlim;
  const [y0, y1] = spec.ylim;
  const px = (x: number) => Math.round(((x - x0) / (x1 - x0 || 1)) * (dw - 1));
  const py = (y: number) => Math.round((1 - (y - y0) / (y1 - y0 || 1)) * (dh - 1));
  const plot = (x: number, y: number, s: number) => {
    if (x < 0 || x >= dw || y < 0 || y >= dh) return;
    const cell = (y >> 2) * cols + (x >> 1);
    bits[cell]! |= DOT[y & 3]![x & 1]!;
    owner[cell] = s;
  };
  spec.series.forEach((s, si) => {
    let prev: [number, number] | null = null;
    for (let k = 0; k < s.xs.length; k++) {
      const x = s.xs[k]!;
      const y = s.ys[k]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        prev = null;
        continue;
      }
      const cur: [number, number] = [px(x), py(y)];
      if (prev === null) plot(cur[0], cur[1], si);
      else {
        const n = Math.max(Math.abs(cur[0] - prev[0]), Math.abs(cur[1] - prev[1]), 1);
        for (let t = 0; t <= n; t++) plot(Math.round(prev[0] + ((cur[0] - prev[0]) * t) / n), Math.round(prev[1] + ((cur[1] - prev[1]) * t) / n), si);
      }
      prev = cur;
    }
  });
  const top = shortNumber(y1);
  const bottom = shortNumber(y0);
  const gutter = Math.max(top.length, bottom.length);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const label = r === 0 ? top : r === rows - 1 ? bottom : '';
    let line = `${label.padStart(gutter)} \u2502`;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const ch = String.fromCharCode(0x2800 + bits[i]!);
      line += owner[i]! >= 0 ? ansi(spec.series[owner[i]!]!.style.color, spec.color, ch) : ch;
    }
    lines.push(line);
  }
  lines.push(`${' '.repeat(gutter)} \u2514${'\u2500'.repeat(cols)}`);
  const xl = shortNumber(x0);
  const xr = shortNumber(x1);
  const mid = spec.xlabel ?? '';
  const space = Math.max(1, cols + 1 - xl.length - xr.length - mid.length);
  const lpad = Math.floor(space / 2);
  lines.push(`${' '.repeat(gutter + 1)}${xl}${' '.repeat(lpad)}${mid}${' '.repeat(space - lpad)}${xr}`);
  // Legend with the latest values, wrapped so that no line is wider than the chart.
  const width = gutter + 2 + cols;
  let line = spec.x === undefined || !Number.isFinite(spec.x) ? '' : `${spec.xlabel ?? 'x'} ${shortNumber(spec.x)}`;
  let visible = line.length;
  spec.series.forEach((s, i) => {
    const last = latest(s);
    const text = ` ${s.label ?? `series ${i}`} ${last === undefined ? '-' : shortNumber(last)}`;
    const len = 2 + text.length;
    if (visible > 0 && visible + 3 + len > width) {
      lines.push(line);
      line = '';
      visible = 0;
    }
    line += `${visible > 0 ? '   ' : ''}${ansi(s.style.color, spec.color, '\u2501\u2501')}${text}`;
    visible += (visible > 0 ? 3 : 0) + len;
  });
  lines.push(line);
  return lines;
}

/** The last finite y of a series. */
export function latest(s: ChartSeries): number | undefined {
  for (let k = s.ys.length - 1; k >= 0; k--) if (Number.isFinite(s.ys[k]!)) return s.ys[k];
  return undefined;
}
