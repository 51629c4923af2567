import { describeValue } from '@aug/internal';
import type { TerminalStream } from '@aug/internal/types';
import { axisLimits, type ChartSeries } from './line-chart.js';
import { shortNumber, terminalChart } from './terminal-chart.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Where the live view writes: a {@link TerminalStream} (`process.stderr`: progress belongs on stderr,
 * results on stdout; or anything with `write`, tests pass a recorder). On a TTY the chart is redrawn in
 * place, kept narrower than `columns` (default 80) and shorter than `rows`; otherwise one plain line per `add`.
 * @deprecated Use `TerminalStream` (the one stream type of every @aug package); this alias goes in 0.2.
 * @example
 * ```ts
 * const stream: TerminalStream = { isTTY: false, write: (s) => log.push(s) };
 * ```
 */
export type LiveStream = TerminalStream;

/**
 * Options of the live terminal view.
 *
 * @example
 * ```ts
 * animator.attach(process.stdout, { rows: 12, color: false });
 * ```
 */
export interface LiveViewOptions {
  /** Force the in-place chart (`true`) or plain lines (`false`); default `stream.isTTY`. */
  tty?: boolean;
  /** ANSI colours in TTY mode; default true unless the `NO_COLOR` environment variable is set. */
  color?: boolean;
  /** Chart height in text rows (default 10). */
  rows?: number;
}

/** What the Animator hands the view after each `add`. */
export interface LiveFrame {
  x: number;
  ys: readonly (number | null)[];
  series: readonly ChartSeries[];
  xlabel: string | undefined;
  xlim: readonly [number, number] | undefined;
  ylim: readonly [number, number] | undefined;
}

/** Narrower terminals get plain lines: the chart and its legend do not fit. */
export const MIN_LIVE_COLUMNS = 60;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const visibleLength = (line: string): number => [...line.replace(ANSI, '')].length;

/**
 * The Animator's terminal view. On a TTY at least {@link MIN_LIVE_COLUMNS} wide it redraws a braille chart
 * with the latest values in place, plus an optional status line under it (a progress bar: `setStatus`);
 * elsewhere (not a TTY, a narrower terminal) it prints one plain line per `add`, e.g.
 * `epoch 1.2: train loss 0.8123, train acc 0.7012`.
 *
 * Every redraw reads the terminal's current width and height: the chart is sized to fit, and the rows the
 * previous frame occupies are computed at the current width (a terminal that reflows wrapped lines after a
 * narrowing resize is handled), so a resize never leaves fragments behind.
 *
 * It is also a progress stream for `@aug/train` (`write`, `isTTY`, `columns`, `setStatus`): `write` prints
 * whole lines above the chart, so the chart stays at the bottom.
 *
 * @example
 * ```ts
 * const view = new LiveView(process.stderr, { rows: 8 });
 * view.setStatus('epoch 1/10 [#####.....] 98/196');
 * view.write('epoch 1/10 loss 1.234, train acc 0.550, test acc 0.610 (81.3 s)\n');
 * ```
 */
export class LiveView {
  private readonly stream: TerminalStream;
  private readonly tty: boolean;
  private readonly color: boolean;
  private readonly chartRows: number;
  private frame: LiveFrame | undefined;
  private status: string | null = null;
  /** Visible length of each line of the frame on screen; empty when none is. */
  private drawn: number[] = [];
  private cache: { frame: LiveFrame; cols: number; rows: number; lines: string[] } | undefined;

  constructor(stream: TerminalStream, options: LiveViewOptions = {}) {
    checkOptionKeys(options, 'LiveViewOptions', 'LiveView');
    if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') {
      throw new TypeError(`live must be a writable stream such as process.stderr (an object with write(chunk)), got ${describeValue(stream)}`);
    }
    this.stream = stream;
    this.tty = options.tty ?? stream.isTTY === true;
    this.color = options.color ?? (typeof process === 'undefined' || !process.env.NO_COLOR);
    this.chartRows = options.rows ?? 10;
  }

  /** The terminal's current width (default 80). */
  get columns(): number {
    return this.stream.columns ?? 80;
  }

  /** True while the view draws in place: a TTY at least {@link MIN_LIVE_COLUMNS} wide (read now: terminals get resized). */
  get isTTY(): boolean {
    return this.tty && this.columns >= MIN_LIVE_COLUMNS;
  }

  /** Shows one frame. */
  update(frame: LiveFrame): void {
    this.frame = frame;
    if (!this.isTTY) {
      this.erase();
      const parts: string[] = [];
      frame.ys.forEach((y, i) => {
        if (y === null || y === undefined) return; // NaN is printed: a diverging loss should show in the log
        parts.push(`${frame.series[i]?.label ?? `y${i}`} ${shortNumber(y)}`);
      });
      this.stream.write(`${frame.xlabel ?? 'x'} ${shortNumber(frame.x)}: ${parts.join(', ')}\n`);
      return;
    }
    this.paint();
  }

  /**
   * Shows `line` under the chart (cut to the terminal's width), or removes it (`null`). Not drawn when the
   * view prints plain lines.
   * @example `view.setStatus('epoch 3/10 [####......] 92/196 ETA 0:42')`
   */
  setStatus(line: string | null): void {
    this.status = line;
    if (this.isTTY) this.paint();
    else this.erase();
  }

  /**
   * Prints `chunk` (whole lines) above the chart, which is redrawn under it.
   * @example `view.write('epoch 1/10 loss 1.234 (81.3 s)\n')`
   */
  write(chunk: string): boolean {
    if (this.isTTY && this.drawn.length > 0) {
      // Overwrite line by line (no clear-to-end from the top left: tmux would copy the screen into its history).
      // Clear each row before and after the text: a line longer than the terminal wraps onto a row of the old frame.
      this.stream.write(`${this.eraseCodes()}\x1b[2K${chunk.replace(/\n(?!$)/g, '\x1b[K\n\x1b[2K').replace(/\n$/, '\x1b[K\n')}`);
      this.drawn = [];
      this.paint();
    } else {
      this.erase();
      this.stream.write(chunk);
    }
    return true;
  }

  /** Leaves the last frame on screen as it is; later output goes below it. @example `view.release()` */
  release(): void {
    this.drawn = [];
    this.status = null;
  }

  /** Back to the first row of the frame on screen, counted at the current width (a terminal reflows wrapped rows). */
  private eraseCodes(): string {
    const cols = Math.max(1, this.columns);
    const rows = this.drawn.reduce((n, len) => n + Math.max(1, Math.ceil(len / cols)), 0);
    return `\r\x1b[${rows}A`;
  }

  private erase(): void {
    if (this.drawn.length === 0) return;
    this.stream.write(`${this.eraseCodes()}\x1b[J`);
    this.drawn = [];
  }

  private chartLines(frame: LiveFrame, cols: number, rows: number): string[] {
    if (this.cache && this.cache.frame === frame && this.cache.cols === cols && this.cache.rows === rows) return [...this.cache.lines];
    const width = Math.max(20, Math.min(cols - 1, 100)); // one spare column: no auto-wrap
    const xlim = axisLimits(frame.series.flatMap((s) => s.xs), frame.xlim, 'linear');
    const ylim = axisLimits(frame.series.flatMap((s) => s.ys), frame.ylim, 'linear');
    const gutter = Math.max(shortNumber(ylim[0]).length, shortNumber(ylim[1]).length) + 2;
    const lines = terminalChart({
      series: frame.series,
      xlim,
      ylim,
      xlabel: frame.xlabel,
      cols: Math.max(10, width - gutter - 1),
      rows,
      color: this.color,
      x: frame.x,
    });
    this.cache = { frame, cols, rows, lines };
    return [...lines];
  }

  private paint(): void {
    const cols = this.columns;
    const statusRows = this.status === null ? 0 : 1;
    let lines: string[] = [];
    if (this.frame) {
      lines = this.chartLines(this.frame, cols, this.chartRows);
      // The whole frame must fit on the screen: cursor-up cannot reach rows that scrolled away.
      const height = this.stream.rows;
      if (height !== undefined && lines.length + statusRows >= height) {
        const rows = Math.max(2, this.chartRows - (lines.length + statusRows - height + 1));
        lines = this.chartLines(this.frame, cols, rows);
      }
    }
    if (this.status !== null) lines.push([...this.status].slice(0, Math.max(0, cols - 1)).join(''));
    const up = this.drawn.length > 0 ? this.eraseCodes() : '';
    // Each line overwrites one row; what is left of an older, taller frame is cleared after the last one.
    this.stream.write(`${up}${lines.map((l) => `\x1b[2K${l}\n`).join('')}\x1b[J`);
    this.drawn = lines.map(visibleLength);
  }
}
