/** How an axis maps data to the plot: d2l's `xscale`/`yscale` ('linear' or 'log'). */
export type AxisScale = 'linear' | 'log';

/** One tick: its data value and its label (a `10^k` label has `exponent` set). */
export interface Tick {
  value: number;
  label: string;
  exponent?: number;
}

const STEPS = [1, 2, 2.5, 5, 10];

/**
 * Axis limits for data spanning [lo, hi]: matplotlib's 5% margins on a linear axis, and on a log axis
 * the same margin in log space. A single value is widened so the axis is never empty.
 */
export function autoLimits(lo: number, hi: number, scale: AxisScale): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return scale === 'log' ? [1, 10] : [0, 1];
  if (scale === 'log') {
    const [a, b] = autoLimits(Math.log10(lo), Math.log10(hi), 'linear');
    return [10 ** a, 10 ** b];
  }
  if (lo === hi) {
    const d = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    return [lo - d, hi + d];
  }
  const m = (hi - lo) * 0.05;
  return [lo - m, hi + m];
}

/** matplotlib's MaxNLocator (steps 1, 2, 2.5, 5, 10): at most `nbins` intervals of a round step inside [lo, hi]. */
export function linearTicks(lo: number, hi: number, nbins: number): Tick[] {
  const raw = (hi - lo) / Math.max(1, nbins);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = mag * 10;
  for (const s of STEPS) {
    const cand = s * mag;
    const first = Math.ceil(lo / cand - 1e-9);
    const last = Math.floor(hi / cand + 1e-9);
    if (last - first <= nbins) {
      step = cand;
      break;
    }
  }
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (Number.isInteger(step / mag) ? 0 : 1));
  const ticks: Tick[] = [];
  for (let i = first; i <= last; i++) {
    const value = i * step;
    ticks.push({ value, label: formatTick(value, decimals) });
  }
  // Labels share one number of decimals, as matplotlib's ScalarFormatter: 0.0, 0.2, ..., 1.0.
  const common = Math.max(...ticks.map((t) => decimalsOf(t.value, decimals)), 0);
  return ticks.map((t) => ({ value: t.value, label: formatTick(t.value, common) }));
}

function decimalsOf(v: number, max: number): number {
  for (let d = 0; d <= max; d++) if (Math.abs(Number(v.toFixed(d)) - v) < 1e-9 * Math.max(1, Math.abs(v))) return d;
  return max;
}

function formatTick(v: number, decimals: number): string {
  const s = (Math.abs(v) < 1e-12 ? 0 : v).toFixed(decimals);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : s;
}

/** Ticks of a log axis: every decade (`10^k`), thinned to at most `nbins + 1`; 1-2-5 ticks when under one decade. */
export function logTicks(lo: number, hi: number, nbins: number): Tick[] {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  if (b - a < 1) {
    const ticks: Tick[] = [];
    for (let e = a - 1; e <= b; e++) {
      for (const m of [1, 2, 5]) {
        const v = m * 10 ** e;
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push({ value: v, label: formatPlain(v) });
      }
    }
    return ticks;
  }
  const every = Math.max(1, Math.ceil((b - a) / Math.max(1, nbins)));
  const ticks: Tick[] = [];
  for (let e = a; e <= b; e++) if ((e - a) % every === 0) ticks.push({ value: 10 ** e, label: '10', exponent: e });
  return ticks;
}

function formatPlain(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

/** A map from data values to pixels along one axis (log axes map log10 of the value). */
export class AxisMap {
  constructor(
    readonly lo: number,
    readonly hi: number,
    readonly scale: AxisScale,
    readonly p0: number,
    readonly p1: number,
  ) {}

  /** Pixel position of `v`. */
  map(v: number): number {
    const f = this.scale === 'log' ? (Math.log10(v) - Math.log10(this.lo)) / (Math.log10(this.hi) - Math.log10(this.lo)) : (v - this.lo) / (this.hi - this.lo);
    return this.p0 + f * (this.p1 - this.p0);
  }

  /** The axis ticks for `nbins` intervals at most. */
  ticks(nbins: number): Tick[] {
    return this.scale === 'log' ? logTicks(this.lo, this.hi, nbins) : linearTicks(this.lo, this.hi, nbins);
  }
}
