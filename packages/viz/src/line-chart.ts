import { FONT_STACK } from './font.js';
import type { LineStyle, Marker } from './line-style.js';
import { autoLimits, AxisMap, type AxisScale, type Tick } from './scale.js';
import { escapeXml, num, textWidth } from './text.js';

/** One line of a chart: points in order; a NaN y breaks the line there. */
export interface ChartSeries {
  label: string | undefined;
  xs: readonly number[];
  ys: readonly number[];
  style: LineStyle;
}

/** Everything a chart shows. Sizes are in points (1/72 inch), as matplotlib's. */
export interface ChartSpec {
  series: readonly ChartSeries[];
  xlabel?: string | undefined;
  ylabel?: string | undefined;
  xlim?: readonly [number, number] | undefined;
  ylim?: readonly [number, number] | undefined;
  xscale: AxisScale;
  yscale: AxisScale;
  /** Figure size in inches (d2l's default is [3.5, 2.5]). */
  figsize: readonly [number, number];
}

const FONT = 10; // matplotlib's font.size
const TICK = 3.5; // major tick length and label pad
const PAD = 4;
const CAP = 0.73 * FONT; // DejaVu Sans cap height
const LINE_WIDTH = 1.5;

/** The limits an axis gets: the given ones, or the data range with matplotlib's margins. */
export function axisLimits(values: Iterable<number>, given: readonly [number, number] | undefined, scale: AxisScale): [number, number] {
  if (given !== undefined) return [given[0], given[1]];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (scale === 'log' && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return autoLimits(lo, hi, scale);
}

function tickLabelSvg(t: Tick, x: number, y: number, anchor: 'middle' | 'end'): string {
  if (t.exponent === undefined) return `<text x="${num(x)}" y="${num(y)}" text-anchor="${anchor}">${escapeXml(t.label)}</text>`;
  const exp = String(t.exponent).replace('-', '\u2212');
  return `<text x="${num(x)}" y="${num(y)}" text-anchor="${anchor}">10<tspan dy="-4" font-size="7">${exp}</tspan></text>`;
}

function tickLabelWidth(t: Tick): number {
  return t.exponent === undefined ? textWidth(t.label, FONT) : textWidth('10', FONT) + textWidth(String(t.exponent), 7);
}

function markerSvg(m: Marker, x: number, y: number, color: string): string {
  const r = 3; // markersize 6 pt
  switch (m) {
    case 'o':
      return `<circle cx="${num(x)}" cy="${num(y)}" r="${r}" fill="${color}"/>`;
    case '.':
      return `<circle cx="${num(x)}" cy="${num(y)}" r="1.5" fill="${color}"/>`;
    case 's':
      return `<rect x="${num(x - r)}" y="${num(y - r)}" width="${2 * r}" height="${2 * r}" fill="${color}"/>`;
    case 'D':
      return `<path d="M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y)}L${num(x)} ${num(y + r)}L${num(x - r)} ${num(y)}Z" fill="${color}"/>`;
    case '^':
      return `<path d="M${num(x)} ${num(y - r)}L${num(x + r)} ${num(y + r)}L${num(x - r)} ${num(y + r)}Z" fill="${color}"/>`;
    case 'v':
      return `<path d="M${num(x)} ${num(y + r)}L${num(x + r)} ${num(y - r)}L${num(x - r)} ${num(y - r)}Z" fill="${color}"/>`;
    case 'x':
      return `<path d="M${num(x - r)} ${num(y - r)}L${num(x + r)} ${num(y + r)}M${num(x - r)} ${num(y + r)}L${num(x + r)} ${num(y - r)}" stroke="${color}" stroke-width="1"/>`;
    case '+':
      return `<path d="M${num(x - r)} ${num(y)}L${num(x + r)} ${num(y)}M${num(x)} ${num(y - r)}L${num(x)} ${num(y + r)}" stroke="${color}" stroke-width="1"/>`;
    case '*':
      return `<text x="${num(x)}" y="${num(y + 3.5)}" text-anchor="middle" font-size="10" fill="${color}">*</text>`;
  }
}

function strokeAttrs(style: LineStyle): string {
  const dash = Array.isArray(style.dash) ? ` stroke-dasharray="${style.dash.join(' ')}"` : '';
  const join = style.dash === null ? ' stroke-linejoin="round" stroke-linecap="square"' : ' stroke-linejoin="round"';
  return `fill="none" stroke="${style.color}" stroke-width="${LINE_WIDTH}"${dash}${join}`;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** matplotlib's legend locations, in the order its 'best' tries them. */
const LEGEND_SPOTS: ReadonlyArray<(a: Box, w: number, h: number) => [number, number]> = [
  (a, w) => [a.x + a.w - w, a.y], // upper right
  (a) => [a.x, a.y], // upper left
  (a, _w, h) => [a.x, a.y + a.h - h], // lower left
  (a, w, h) => [a.x + a.w - w, a.y + a.h - h], // lower right
  (a, w, h) => [a.x + a.w - w, a.y + (a.h - h) / 2], // right
  (a, _w, h) => [a.x, a.y + (a.h - h) / 2], // center left
  (a, w, h) => [a.x + (a.w - w) / 2, a.y + a.h - h], // lower center
  (a, w) => [a.x + (a.w - w) / 2, a.y], // upper center
  (a, w, h) => [a.x + (a.w - w) / 2, a.y + (a.h - h) / 2], // center
];

/** How much of the drawn data a legend box at `b` would hide: points inside plus segments crossing it. */
function overlap(b: Box, lines: readonly (readonly [number, number][])[]): number {
  let hits = 0;
  const inside = (x: number, y: number) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
  for (const pts of lines) {
    for (let i = 0; i < pts.length; i++) {
      const [x, y] = pts[i]!;
      if (inside(x, y)) hits++;
      if (i > 0) {
        const [px, py] = pts[i - 1]!;
        for (let s = 1; s < 8; s++) if (inside(px + ((x - px) * s) / 8, py + ((y - py) * s) / 8)) hits += 0.25;
      }
    }
  }
  return hits;
}

/**
 * Draws a d2l/matplotlib-style line chart as an SVG document: axes with ticks and labels, a grid, one path
 * per series in its format's colour and dash, optional markers, and a legend placed where it hides the least.
 */
export function renderLineChart(spec: ChartSpec): { svg: string; width: number; height: number } {
  const W = spec.figsize[0] * 72;
  const H = spec.figsize[1] * 72;
  const xlim = axisLimits(spec.series.flatMap((s) => s.xs), spec.xlim, spec.xscale);
  const ylim = axisLimits(spec.series.flatMap((s) => s.ys), spec.ylim, spec.yscale);

  // First pass for the y tick labels' width, which sets the left margin.
  const yTicksProbe = new AxisMap(ylim[0], ylim[1], spec.yscale, 0, 1).ticks(Math.max(2, Math.floor((H * 0.75) / (FONT * 2))));
  const yLabelW = Math.max(0, ...yTicksProbe.map(tickLabelWidth));
  const left = PAD + (spec.ylabel ? FONT * 1.2 + PAD : 0) + yLabelW + 2 * TICK;
  const bottom = PAD + (spec.xlabel ? FONT * 1.2 + PAD / 2 : 0) + CAP + 2 * TICK + 2;
  const top = 8;
  const right = 12;
  const area: Box = { x: left, y: top, w: W - left - right, h: H - top - bottom };
  if (area.w < 20 || area.h < 20) {
    throw new RangeError(`figsize [${spec.figsize.join(', ')}] inches leaves no room for the plot; use at least [2, 1.5]`);
  }
  const xmap = new AxisMap(xlim[0], xlim[1], spec.xscale, area.x, area.x + area.w);
  const ymap = new AxisMap(ylim[0], ylim[1], spec.yscale, area.y + area.h, area.y);
  // matplotlib's tick spacing: 3 font sizes per x tick, 2 per y tick.
  const xticks = xmap.ticks(Math.max(1, Math.floor(area.w / (FONT * 3))));
  const yticks = ymap.ticks(Math.max(1, Math.floor(area.h / (FONT * 2))));

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(W)}pt" height="${num(H)}pt" viewBox="0 0 ${num(W)} ${num(H)}" font-family="${FONT_STACK}" font-size="${FONT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<defs><clipPath id="plot-area"><rect x="${num(area.x)}" y="${num(area.y)}" width="${num(area.w)}" height="${num(area.h)}"/></clipPath></defs>`,
  );
  // Grid (d2l calls axes.grid()).
  const grid: string[] = [];
  for (const t of xticks) grid.push(`M${num(xmap.map(t.value))} ${num(area.y)}V${num(area.y + area.h)}`);
  for (const t of yticks) grid.push(`M${num(area.x)} ${num(ymap.map(t.value))}H${num(area.x + area.w)}`);
  out.push(`<path class="grid" d="${grid.join('')}" stroke="#b0b0b0" stroke-width="0.8" fill="none"/>`);

  // Series.
  const drawn: [number, number][][] = [];
  out.push(`<g clip-path="url(#plot-area)">`);
  spec.series.forEach((s, i) => {
    const pts: [number, number][] = [];
    let d = '';
    let pen = false;
    for (let k = 0; k < s.xs.length; k++) {
      const x = s.xs[k]!;
      const y = s.ys[k]!;
      const ok = Number.isFinite(x) && Number.isFinite(y) && (spec.xscale !== 'log' || x > 0) && (spec.yscale !== 'log' || y > 0);
      if (!ok) {
        pen = false;
        continue;
      }
      const px = xmap.map(x);
      const py = ymap.map(y);
      pts.push([px, py]);
      d += `${pen ? 'L' : 'M'}${num(px)} ${num(py)}`;
      pen = true;
    }
    drawn.push(pts);
    const label = s.label === undefined ? '' : ` data-label="${escapeXml(s.label)}"`;
    if (s.style.dash !== 'none') out.push(`<path class="series" data-series="${i}"${label} d="${d}" ${strokeAttrs(s.style)}/>`);
    else out.push(`<path class="series" data-series="${i}"${label} d="${d}" fill="none" stroke="none"/>`);
    if (s.style.marker !== null) for (const [px, py] of pts) out.push(markerSvg(s.style.marker, px, py, s.style.color));
  });
  out.push(`</g>`);

  // Spines and ticks.
  out.push(
    `<rect x="${num(area.x)}" y="${num(area.y)}" width="${num(area.w)}" height="${num(area.h)}" fill="none" stroke="#000000" stroke-width="0.8"/>`,
  );
  const tickPath: string[] = [];
  const labels: string[] = [];
  const xLabelY = area.y + area.h + 2 * TICK + CAP;
  for (const t of xticks) {
    const x = xmap.map(t.value);
    tickPath.push(`M${num(x)} ${num(area.y + area.h)}v${TICK}`);
    labels.push(tickLabelSvg(t, x, xLabelY, 'middle'));
  }
  for (const t of yticks) {
    const y = ymap.map(t.value);
    tickPath.push(`M${num(area.x)} ${num(y)}h${-TICK}`);
    labels.push(tickLabelSvg(t, area.x - 2 * TICK, y + CAP / 2, 'end'));
  }
  out.push(`<path class="ticks" d="${tickPath.join('')}" stroke="#000000" stroke-width="0.8"/>`);
  out.push(`<g class="tick-labels">${labels.join('')}</g>`);
  if (spec.xlabel) {
    out.push(`<text class="xlabel" x="${num(area.x + area.w / 2)}" y="${num(xLabelY + PAD / 2 + FONT * 1.2)}" text-anchor="middle">${escapeXml(spec.xlabel)}</text>`);
  }
  if (spec.ylabel) {
    const x = PAD + CAP;
    const y = area.y + area.h / 2;
    out.push(`<text class="ylabel" transform="translate(${num(x)} ${num(y)}) rotate(-90)" text-anchor="middle">${escapeXml(spec.ylabel)}</text>`);
  }

  // Legend (matplotlib: borderpad 0.4, handlelength 2, handletextpad 0.8, labelspacing 0.5, borderaxespad 0.5 em).
  const entries = spec.series.filter((s) => s.label !== undefined && s.label !== '');
  if (entries.length > 0) {
    const rowH = FONT;
    const lw = Math.max(...entries.map((s) => textWidth(s.label!, FONT)));
    const w = 0.4 * FONT * 2 + 2 * FONT + 0.8 * FONT + lw;
    const h = 0.4 * FONT * 2 + entries.length * rowH + (entries.length - 1) * 0.5 * FONT + 2;
    const inner: Box = { x: area.x + 5, y: area.y + 5, w: area.w - 10, h: area.h - 10 };
    let best = LEGEND_SPOTS[0]!(inner, w, h);
    let bestHits = Infinity;
    for (const spot of LEGEND_SPOTS) {
      const [bx, by] = spot(inner, w, h);
      const hits = overlap({ x: bx, y: by, w, h }, drawn);
      if (hits < bestHits) {
        bestHits = hits;
        best = [bx, by];
      }
    }
    const [bx, by] = best;
    const parts = [`<g class="legend">`, `<rect x="${num(bx)}" y="${num(by)}" width="${num(w)}" height="${num(h)}" rx="2" fill="#ffffff" fill-opacity="0.8" stroke="#cccccc" stroke-width="0.8"/>`];
    entries.forEach((s, i) => {
      const cy = by + 0.4 * FONT + 1 + i * 1.5 * rowH + rowH / 2;
      const hx = bx + 0.4 * FONT;
      if (s.style.dash !== 'none') parts.push(`<path d="M${num(hx)} ${num(cy)}h${2 * FONT}" ${strokeAttrs(s.style)}/>`);
      if (s.style.marker !== null) parts.push(markerSvg(s.style.marker, hx + FONT, cy, s.style.color));
      parts.push(`<text x="${num(hx + 2.8 * FONT)}" y="${num(cy + CAP / 2)}">${escapeXml(s.label!)}</text>`);
    });
    parts.push(`</g>`);
    out.push(parts.join(''));
  }
  out.push(`</svg>`);
  return { svg: out.join('\n'), width: W, height: H };
}
