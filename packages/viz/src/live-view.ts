import { axisLimits, type ChartSeries } from './line-chart.js';
import { shortNumber, terminalChart } from './terminal-chart.js';

/**
 * Where the live view writes: `process.stdout`, or anything with `write` (tests pass a recorder).
 *
 * @example
 * ```ts
 * const stream: LiveStream = { isTTY: false, write: (s) => log.push(s) };
 * ```
 */
export interface LiveStream {
  write(chunk: string): unknown;
  /** On a TTY the chart is redrawn in place; otherwise one plain line per `add`. */
  isTTY?: boolean;
  /** Terminal width in characters (default 80). */
  columns?: number;
}

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

/**
 * The Animator's terminal view. On a TTY it redraws a braille chart with the latest values in place
 * (ANSI cursor-up + erase-line); elsewhere it prints one plain line per `add`, e.g.
 * `epoch 1.2: train loss 0.8123, train acc 0.7012`.
 */
export class LiveView {
  private readonly stream: LiveStream;
  private readonly tty: boolean;
  private readonly color: boolean;
  private readonly rows: number;
  private drawnLines = 0;

  constructor(stream: LiveStream, options: LiveViewOptions = {}) {
    if (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function') {
      throw new TypeError(`live must be a writable stream such as process.stdout (an object with write(chunk)), got ${String(stream)}`);
    }
    this.stream = stream;
    this.tty = options.tty ?? stream.isTTY === true;
    this.color = options.color ?? (typeof process === 'undefined' || !process.env.NO_COLOR);
    this.rows = options.rows ?? 10;
  }

  /** Shows one frame. */
  update(frame: LiveFrame): void {
    if (!this.tty) {
      const parts: string[] = [];
      frame.ys.forEach((y, i) => {
        if (y === null || y === undefined) return; // NaN is printed: a diverging loss should show in the log
        parts.push(`${frame.series[i]?.label ?? `y${i}`} ${shortNumber(y)}`);
      });
      this.stream.write(`${frame.xlabel ?? 'x'} ${shortNumber(frame.x)}: ${parts.join(', ')}\n`);
      return;
    }
    const width = Math.max(20, Math.min((this.stream.columns ?? 80) - 1, 100)); // one spare column: no auto-wrap
    const xlim = axisLimits(frame.series.flatMap((s) => s.xs), frame.xlim, 'linear');
    const ylim = axisLimits(frame.series.flatMap((s) => s.ys), frame.ylim, 'linear');
    const gutter = Math.max(shortNumber(ylim[0]).length, shortNumber(ylim[1]).length) + 2;
    const lines = terminalChart({
      series: frame.series,
      xlim,
      ylim,
      xlabel: frame.xlabel,
      cols: Math.max(10, width - gutter - 1),
      rows: this.rows,
      color: this.color,
      x: frame.x,
    });
    // A shorter frame (the legend wrapped differently) blanks the old frame's last lines.
    while (lines.length < this.drawnLines) lines.push('');
    const up = this.drawnLines > 0 ? `\r\x1b[${this.drawnLines}A` : '';
    this.stream.write(up + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    this.drawnLines = lines.length;
  }
}
