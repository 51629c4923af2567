import { describeValue } from '@aug/internal';
import type { Image, KeyPoints } from '@aug/transforms';
import { canvasImage, hline, line, point, toCanvas, trunc, type Canvas, type Rgb } from './draw-canvas.js';
import { parseColor, type Color } from './draw-colors.js';
import { assertSameCanvas } from './draw-bounding-boxes.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link drawKeypoints} (torchvision's `draw_keypoints` arguments).
 *
 * @example
 * ```ts
 * const options: DrawKeypointsOptions = { connectivity: [[0, 1], [1, 2]], colors: 'red', radius: 3, width: 2 };
 * ```
 */
export interface DrawKeypointsOptions {
  /** Pairs of key-point indices (within one instance) joined by a line. */
  connectivity?: readonly (readonly [number, number])[];
  /** Colour of the discs (default white: PIL's default ink; torchvision 0.14 draws no disc without a colour). */
  colors?: Color;
  /** Disc radius in pixels (default 2). */
  radius?: number;
  /** Width of the connecting lines in pixels (default 3). */
  width?: number;
}

const WHITE: Rgb = [255, 255, 255];

/** PIL's `ROUND_UP` / `ROUND_DOWN` (round half away from / towards zero). */
const roundUp = (f: number): number => (f >= 0 ? Math.floor(f + 0.5) : -Math.floor(Math.abs(f) + 0.5));
const roundDown = (f: number): number => (f >= 0 ? Math.ceil(f - 0.5) : -Math.ceil(Math.abs(f) - 0.5));

/**
 * PIL's filled ellipse in the box `[x0, x1] x [y0, y1]` (Pillow's quarter-ellipse Bresenham on the doubled
 * grid, each row emitted as one horizontal span), reimplemented.
 */
function fillEllipse(c: Canvas, x0: number, y0: number, x1: number, y1: number, ink: Rgb): void {
  const a = x1 - x0;
  const b = y1 - y0;
  // Filled, PIL draws with outline width a + b: a 1x1 box (a = b = 0) draws nothing.
  if (a < 0 || b < 0 || a + b < 1) return;
  const a2 = a * a;
  const b2 = b * b;
  const delta = (x: number, y: number): number => Math.abs(a2 * y * y + b2 * x * x - a2 * b2);
  // The outer quarter: points (cx, cy) from (a, b % 2) to (a % 2, b) in steps of 2.
  const quarter: [number, number][] = [];
  let cx = a;
  let cy = b % 2;
  for (;;) {
    quarter.push([cx, cy]);
    if (cx === a % 2 && cy === b) break;
    let nx = cx;
    let ny = cy + 2;
    let nd = delta(nx, ny);
    if (nx > 1) {
      let d = delta(cx - 2, cy + 2);
      if (nd > d) {
        nx = cx - 2;
        ny = cy + 2;
        nd = d;
      }
      d = delta(cx - 2, cy);
      if (nd > d) {
        nx = cx - 2;
        ny = cy;
      }
    }
    cx = nx;
    cy = ny;
  }
  // Filled: for each y, the span from -r to r where r is the outer x at the last point of that y.
  const spans = new Map<number, number>();
  for (const [x, y] of quarter) if (!spans.has(y)) spans.set(y, x);
  for (const [y, r] of spans) {
    const rows = y > 0 ? [y, -y] : [-y];
    for (const yy of rows) {
      hline(c, x0 + Math.trunc((-r + a) / 2), y0 + Math.trunc((yy + b) / 2), x0 + Math.trunc((r + a) / 2), ink);
    }
  }
}

/** PIL's wide line (`ImagingDrawWideLine`): a 4-corner polygon around the segment, scan-filled. */
function wideLine(c: Canvas, x0: number, y0: number, x1: number, y1: number, width: number, ink: Rgb): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  if (dx === 0 && dy === 0) {
    point(c, x0, y0, ink);
    return;
  }
  const big = Math.hypot(dx, dy);
  const small = (width - 1) / 2;
  const ratioMax = roundUp(small) / big;
  const ratioMin = roundDown(small) / big;
  const dxmin = roundDown(ratioMin * dy);
  const dxmax = roundDown(ratioMax * dy);
  const dymin = roundDown(ratioMin * dx);
  const dymax = roundDown(ratioMax * dx);
  const v: [number, number][] = [
    [x0 - dxmin, y0 + dymax],
    [x1 - dxmin, y1 + dymax],
    [x1 + dxmax, y1 - dymin],
    [x0 + dxmax, y0 - dymin],
  ];
  fillPolygon(c, v, ink);
}

interface Edge { x0: number; y0: number; xmin: number; xmax: number; ymin: number; ymax: number; dx: number }

/** PIL's scan-line polygon fill (`polygon_generic`, float32 edge slopes). */
function fillPolygon(c: Canvas, v: readonly [number, number][], ink: Rgb): void {
  const f = Math.fround;
  const edges: Edge[] = [];
  let ymin = c.height - 1;
  let ymax = 0;
  for (let i = 0; i < v.length; i++) {
    const [ax, ay] = v[i]!;
    const [bx, by] = v[(i + 1) % v.length]!;
    const e: Edge = {
      x0: ax, y0: ay, xmin: Math.min(ax, bx), xmax: Math.max(ax, bx), ymin: Math.min(ay, by), ymax: Math.max(ay, by),
      dx: ay === by ? 0 : f((bx - ax) / (by - ay)),
    };
    ymin = Math.min(ymin, e.ymin);
    ymax = Math.max(ymax, e.ymax);
    if (e.ymin === e.ymax) {
      hline(c, e.xmin, e.ymin, e.xmax, ink);
      continue;
    }
    edges.push(e);
  }
  ymin = Math.max(0, ymin);
  ymax = Math.min(c.height, ymax);
  for (let y = ymin; y <= ymax; y++) {
    const xx: number[] = [];
    for (const e of edges) {
      if (y >= e.ymin && y <= e.ymax) {
        const x = f(f((y - e.y0) * e.dx) + e.x0);
        xx.push(x);
        if (y === e.ymax && y < ymax) xx.push(x);
      }
    }
    xx.sort((p, q) => p - q);
    for (let i = 1; i < xx.length; i += 2) hline(c, roundUp(xx[i - 1]!), y, roundDown(xx[i]!), ink);
  }
}

/**
 * torchvision's `utils.draw_keypoints`: draws each key point as a filled disc of `radius` (PIL's `ellipse`
 * in the box `[x - r, y - r, x + r, y + r]`, coordinates truncated to integers) and joins the pairs in
 * `connectivity` with white lines of `width` (PIL's default ink, as torchvision 0.14 draws them). Returns a
 * new uint8 RGB `Image` (HWC); `image` (uint8 or float32 [0, 1], 1 or 3 channels) is not modified.
 *
 * `keypoints`: one `KeyPoints` (one instance of N points) or an array of them (torchvision's
 * `[num_instances, K, 2]`); `connectivity` indexes points within each instance. Each canvas must equal the
 * image's size. One difference from torchvision 0.14 on purpose: without `colors` the discs are white
 * (0.14 draws none). Lines of width 1 are PIL's Bresenham line including its end point, wider ones PIL's
 * polygon around the segment, as in torchvision.
 *
 * @example
 * ```ts
 * import { keyPoints } from '@aug/transforms';
 * const kp = keyPoints([[4, 4], [20, 10], [12, 28]], { canvasSize: [32, 32] });
 * const out = drawKeypoints(img, kp, { connectivity: [[0, 1], [1, 2]], colors: 'red', radius: 2 });
 * ```
 */
export function drawKeypoints(image: Image, keypoints: KeyPoints | readonly KeyPoints[], options: DrawKeypointsOptions = {}): Image {
  checkOptionKeys(options, 'DrawKeypointsOptions', 'drawKeypoints');
  const instances: readonly KeyPoints[] = Array.isArray(keypoints) ? keypoints : [keypoints as KeyPoints];
  instances.forEach((kp, i) => {
    if (kp === null || typeof kp !== 'object' || kp.kind !== 'keyPoints') {
      throw new TypeError(`keypoints${Array.isArray(keypoints) ? `[${i}]` : ''} must be KeyPoints (keyPoints(...) from @aug/transforms), got ${describeValue(kp)}`);
    }
  });
  const canvas = toCanvas(image, 'image');
  instances.forEach((kp, i) => assertSameCanvas(Array.isArray(keypoints) ? `keypoints[${i}].canvasSize` : 'keypoints.canvasSize', kp.canvasSize[0], kp.canvasSize[1], image));
  const radius = options.radius ?? 2;
  const width = options.width ?? 3;
  if (!Number.isInteger(radius) || radius < 0) throw new RangeError(`radius must be a non-negative integer (pixels), got ${describeValue(radius)}`);
  if (!Number.isInteger(width) || width < 0) throw new RangeError(`width must be a non-negative integer (pixels), got ${describeValue(width)}`);
  const ink = options.colors === undefined ? WHITE : parseColor(options.colors, 'colors');
  const connectivity = options.connectivity ?? [];
  for (const kp of instances) {
    const n = kp.data.length / 2;
    connectivity.forEach(([s, e], j) => {
      if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e < 0 || s >= n || e >= n) {
        throw new RangeError(`connectivity[${j}] = [${s}, ${e}] must index key points 0..${n - 1}`);
      }
    });
    const pts = Array.from({ length: n }, (_, i) => [trunc(kp.data[i * 2]!), trunc(kp.data[i * 2 + 1]!)] as const);
    for (const [x, y] of pts) fillEllipse(canvas, x - radius, y - radius, x + radius, y + radius, ink);
    for (const [s, e] of connectivity) {
      const [ax, ay] = pts[s]!;
      const [bx, by] = pts[e]!;
      if (width <= 1) {
        line(canvas, ax, ay, bx, by, WHITE);
        point(canvas, bx, by, WHITE);
      } else {
        wideLine(canvas, ax, ay, bx, by, width, WHITE);
      }
    }
  }
  return canvasImage(canvas);
}
