import { Figure } from './figure.js';
import { renderLineChart, type ChartSeries } from './line-chart.js';
import { D2L_FMTS, parseFmt, type LineStyle } from './line-style.js';
import type { TerminalStream } from '@aug/internal/types';
import { LiveView, type LiveViewOptions } from './live-view.js';
import type { AxisScale } from './scale.js';
import { describeValue } from '@aug/internal';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link Animator}: d2l's arguments, camelCased where needed.
 *
 * @example
 * ```ts
 * const options: AnimatorOptions = { xlabel: 'epoch', xlim: [1, 10], legend: ['train loss', 'train acc', 'test acc'] };
 * ```
 */
export interface AnimatorOptions {
  xlabel?: string;
  ylabel?: string;
  /** One label per series, shown in the legend (d2l: `legend`). */
  legend?: readonly string[];
  /** Fixed x-axis limits; default: the data range plus matplotlib's 5% margins. */
  xlim?: readonly [number, number];
  /** Fixed y-axis limits; default: the data range plus matplotlib's 5% margins. */
  ylim?: readonly [number, number];
  xscale?: AxisScale;
  yscale?: AxisScale;
  /** matplotlib format strings per series, default d2l's `['-', 'm--', 'g-.', 'r:']`; series past the list get `'-'` in the next default colour. */
  fmts?: readonly string[];
  /** Figure size in inches, default d2l's `[3.5, 2.5]`. */
  figsize?: readonly [number, number];
  /** PNG resolution in dots per inch (default 144: a 3.5 x 2.5 in figure is 504 x 360 px). */
  dpi?: number;
  /** Start a live terminal view on this stream (e.g. `process.stdout`); nothing is printed without it. */
  live?: TerminalStream;
  /** Options of the live view. */
  liveOptions?: LiveViewOptions;
  /** Receives a message when a non-finite value is skipped; default `process.emitWarning`. */
  onWarning?: (message: string) => void;
}

function checkLimits(name: string, lim: readonly [number, number] | undefined, scale: AxisScale): void {
  if (lim === undefined) return;
  if (!Array.isArray(lim) || lim.length !== 2 || !lim.every(Number.isFinite) || !(lim[0] < lim[1])) {
    throw new RangeError(`${name} must be [min, max] with finite min < max, got ${describeValue(lim)}`);
  }
  if (scale === 'log' && lim[0] <= 0) throw new RangeError(`${name} must be positive on a log axis, got ${describeValue(lim)}`);
}

function defaultWarning(message: string): void {
  process.emitWarning(message, 'AugVizWarning');
}

/**
 * d2l's `Animator`: collects points while training runs and draws them as a matplotlib-style line chart
 * (axes, ticks, grid, legend, d2l's line styles `'-'`, `'m--'`, `'g-.'`, `'r:'`). Save it as SVG or PNG
 * at any time, or watch it live in the terminal.
 *
 * A `null` entry in `ys` adds no point to that series, as d2l skips `None`: the line joins the series'
 * own points (so test accuracy added once per epoch is a line through the epoch ends), and nothing is
 * drawn at 0. A non-finite value (NaN, ±Infinity) is skipped and breaks the line there, with one warning per series.
 *
 * @example
 * ```ts
 * const animator = new Animator({ xlabel: 'epoch', xlim: [1, 10], ylim: [0, 1],
 *   legend: ['train loss', 'train acc', 'test acc'], live: process.stdout });
 * animator.add(0.5, [0.9, 0.6, null]);
 * animator.add(1, [0.7, 0.7, 0.65]);
 * animator.save('curves.png'); // or 'curves.svg'
 * ```
 */
export class Animator {
  private readonly options: AnimatorOptions;
  private readonly fmts: readonly string[];
  private readonly warn: (message: string) => void;
  private X: number[][] = [];
  private Y: number[][] = [];
  private live: LiveView | undefined;
  /** Series already warned about (one warning per series, so a diverging run does not flood the log). */
  private readonly warned = new Set<number>();

  constructor(options: AnimatorOptions = {}) {
    checkOptionKeys(options, 'AnimatorOptions', 'Animator');
    const xscale = options.xscale ?? 'linear';
    const yscale = options.yscale ?? 'linear';
    for (const [name, v] of [['xscale', xscale], ['yscale', yscale]] as const) {
      if (v !== 'linear' && v !== 'log') throw new TypeError(`${name} must be 'linear' or 'log', got ${describeValue(v)}`);
    }
    checkLimits('xlim', options.xlim, xscale);
    checkLimits('ylim', options.ylim, yscale);
    const figsize = options.figsize ?? [3.5, 2.5];
    if (!Array.isArray(figsize) || figsize.length !== 2 || !figsize.every((v) => Number.isFinite(v) && v > 0)) {
      throw new RangeError(`figsize must be [width, height] in inches, both > 0, got ${describeValue(options.figsize)}`);
    }
    if (options.dpi !== undefined && !(Number.isFinite(options.dpi) && options.dpi > 0)) {
      throw new RangeError(`dpi must be a positive number, got ${options.dpi}`);
    }
    if (options.legend !== undefined && !(Array.isArray(options.legend) && options.legend.every((l) => typeof l === 'string'))) {
      throw new TypeError(`legend must be an array of strings, got ${describeValue(options.legend)}`);
    }
    this.fmts = options.fmts ?? D2L_FMTS;
    this.fmts.forEach((f, i) => parseFmt(f, i)); // fail early on a bad format
    this.options = { ...options, xscale, yscale, figsize };
    this.warn = options.onWarning ?? defaultWarning;
    if (options.live !== undefined) this.attach(options.live, options.liveOptions);
  }

  /**
   * Starts (or moves) the live terminal view: a chart redrawn in place on a TTY, one plain line per `add`
   * otherwise.
   *
   * @example
   * ```ts
   * animator.attach(process.stdout);
   * ```
   */
  attach(stream: TerminalStream, options?: LiveViewOptions): this {
    this.live = new LiveView(stream, options);
    return this;
  }

  /** Stops the live view (its last chart stays on screen); later `add`s print nothing. @example `animator.detach()` */
  detach(): this {
    this.live?.release();
    this.live = undefined;
    return this;
  }

  /**
   * The live view while one is attached: also a progress stream, so a progress bar (e.g. `@aug/train`'s
   * `train({ progress: animator.liveView })`) is drawn under the chart instead of fighting it for the cursor.
   *
   * @example
   * ```ts
   * const animator = new Animator({ legend: ['loss'], live: process.stderr });
   * await train(net, trainIter, testIter, { epochs: 10, progress: animator.liveView ?? process.stderr });
   * ```
   */
  get liveView(): LiveView | undefined {
    return this.live;
  }

  /**
   * Adds one point per series at `x` (d2l's `add(x, y)`): `ys` holds one value per series, `null` to skip a
   * series; a single number is one series. `x` may also be an array, one x per series.
   *
   * @example
   * ```ts
   * animator.add(epoch + (i + 1) / numBatches, [loss, acc, null]);
   * animator.add(epoch + 1, [null, null, testAcc]);
   * ```
   */
  add(x: number | readonly (number | null)[], ys: number | null | readonly (number | null)[]): void {
    const yArr: readonly (number | null)[] = Array.isArray(ys) ? ys : [ys as number | null];
    const n = yArr.length;
    const xArr: readonly (number | null)[] = Array.isArray(x) ? x : new Array<number | null>(n).fill(x as number);
    if (xArr.length !== n) throw new RangeError(`x has ${xArr.length} entries but ys has ${n}; pass one x, or one x per series`);
    if (this.X.length === 0) {
      if (n === 0) throw new RangeError('ys must hold at least one value (use null to skip a series)');
      this.X = Array.from({ length: n }, () => []);
      this.Y = Array.from({ length: n }, () => []);
    } else if (n !== this.X.length) {
      throw new RangeError(`ys has ${n} values but the first add() had ${this.X.length}; pass one value (or null) per series`);
    }
    for (let i = 0; i < n; i++) {
      const a = xArr[i];
      const b = yArr[i];
      if (a === null || a === undefined || b === null || b === undefined) continue;
      if (typeof a !== 'number' || typeof b !== 'number') {
        throw new TypeError(`add(x, ys): series ${i} got x=${describeValue(a)}, y=${describeValue(b)}; use numbers or null`);
      }
      const finite = Number.isFinite(a) && Number.isFinite(b);
      const positive = (this.options.xscale !== 'log' || a > 0) && (this.options.yscale !== 'log' || b > 0);
      if (!finite || !positive) {
        if (!this.warned.has(i)) {
          this.warned.add(i);
          this.warn(
            `Animator: skipped series ${i} (${this.options.legend?.[i] ?? 'unnamed'}) point x=${a}, y=${b}: ${finite ? 'not positive on a log axis' : 'not a finite number'}; the line is broken there (further such points of this series are skipped without a warning)`,
          );
        }
        this.X[i]!.push(a);
        this.Y[i]!.push(Number.NaN);
        continue;
      }
      this.X[i]!.push(a);
      this.Y[i]!.push(b);
    }
    if (this.live !== undefined) {
      this.live.update({
        x: typeof xArr[0] === 'number' ? xArr[0] : Number.NaN,
        ys: yArr,
        series: this.series(),
        xlabel: this.options.xlabel,
        xlim: this.options.xlim,
        ylim: this.options.ylim,
      });
    }
  }

  /**
   * The recorded points per series (copies); a break in the line shows as `y = NaN`.
   *
   * @example
   * ```ts
   * const [loss] = animator.data(); // { label: 'train loss', x: [...], y: [...] }
   * ```
   */
  data(): { label: string | undefined; x: number[]; y: number[] }[] {
    return this.X.map((xs, i) => ({ label: this.options.legend?.[i], x: [...xs], y: [...this.Y[i]!] }));
  }

  private series(): ChartSeries[] {
    let cycle = 0;
    return this.X.map((xs, i) => {
      const fmt = this.fmts[i] ?? '-';
      const style: LineStyle = parseFmt(fmt, cycle);
      if (!/[bgrcmykw]/.test(fmt)) cycle++;
      return { label: this.options.legend?.[i], xs, ys: this.Y[i]!, style };
    });
  }

  /**
   * The current chart as a {@link Figure} (SVG + PNG).
   *
   * @example
   * ```ts
   * const png = animator.figure().toPNG();
   * ```
   */
  figure(): Figure {
    const o = this.options;
    const { svg, width } = renderLineChart({
      series: this.series(),
      xlabel: o.xlabel,
      ylabel: o.ylabel,
      xlim: o.xlim,
      ylim: o.ylim,
      xscale: o.xscale ?? 'linear',
      yscale: o.yscale ?? 'linear',
      figsize: o.figsize ?? [3.5, 2.5],
    });
    const dpi = o.dpi ?? 144;
    const fig = o.figsize ?? [3.5, 2.5];
    return new Figure(svg, Math.round((width / 72) * dpi), Math.round(fig[1] * dpi));
  }

  /** The current chart as an SVG document. @example `writeFileSync('curves.svg', animator.toSVG())` */
  toSVG(): string {
    return this.figure().toSVG();
  }

  /** The current chart as PNG bytes. @example `animator.toPNG().length` */
  toPNG(): Buffer {
    return this.figure().toPNG();
  }

  /**
   * Writes the current chart as SVG or PNG, by the extension of `path`.
   *
   * @example
   * ```ts
   * animator.save('runs/curves.svg');
   * animator.save('runs/curves.png');
   * ```
   */
  save(path: string): void {
    this.figure().save(path);
  }
}
