// Shared by the targets-*.test.ts files: instances drawn into per-instance masks (rectangles and polygons), the
// tight box of a mask plane, and the checks that compare a transformed box with its transformed mask.
import { expect } from 'vitest';
import type { Rng } from '../src/rng.js';
import type { BoundingBoxes, BoundingBoxFormat, Mask } from '../src/index.js';
import { boundingBoxes, convertBoundingBoxFormat, mask } from '../src/index.js';

export const FORMATS: BoundingBoxFormat[] = ['xyxy', 'xywh', 'cxcywh'];

export function randint(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.next() * (hi - lo + 1));
}

export interface Scene {
  height: number;
  width: number;
  /** One plane per instance. */
  masks: Mask;
  /** The tight box of each plane, 'xyxy'. */
  boxes: BoundingBoxes;
  /** Whether instance k is an axis-aligned rectangle (its box is the exact region, not just its hull). */
  rect: boolean[];
}

/** Pixel (i, j) is inside when its centre lies inside the polygon (even-odd rule). */
function fillPolygon(plane: Uint8Array, h: number, w: number, pts: [number, number][]): void {
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const x = j + 0.5;
      const y = i + 0.5;
      let inside = false;
      for (let a = 0, b = pts.length - 1; a < pts.length; b = a++) {
        const [xa, ya] = pts[a]!;
        const [xb, yb] = pts[b]!;
        if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
      }
      if (inside) plane[i * w + j] = 1;
    }
  }
}

/**
 * A random scene: `count` instances on an `h` x `w` canvas, rectangles (integer edges) or polygons (3-6
 * vertices), each drawn into its own plane; boxes are the planes' tight boxes. Empty polygons are redrawn.
 */
export function drawScene(rng: Rng, h: number, w: number, count: number, polygons = true): Scene {
  const data = new Uint8Array(count * h * w);
  const boxes: number[] = [];
  const rect: boolean[] = [];
  for (let k = 0; k < count; k++) {
    const plane = data.subarray(k * h * w, (k + 1) * h * w);
    const isRect = !polygons || rng.next() < 0.5;
    for (;;) {
      plane.fill(0);
      if (isRect) {
        const x1 = randint(rng, 0, w - 1);
        const y1 = randint(rng, 0, h - 1);
        const x2 = randint(rng, x1 + 1, w);
        const y2 = randint(rng, y1 + 1, h);
        for (let i = y1; i < y2; i++) plane.fill(1, i * w + x1, i * w + x2);
      } else {
        const n = randint(rng, 3, 6);
        const cx = rng.next() * w;
        const cy = rng.next() * h;
        const pts: [number, number][] = [];
        for (let v = 0; v < n; v++) {
          const a = (2 * Math.PI * (v + rng.next() * 0.8)) / n;
          const r = 2 + rng.next() * Math.min(h, w) * 0.5;
          pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
        }
        fillPolygon(plane, h, w, pts);
      }
      if (tightBox(plane, h, w) !== null) break;
    }
    rect.push(isRect);
    boxes.push(...tightBox(plane, h, w)!);
  }
  return { height: h, width: w, masks: mask(data, h, w, count), boxes: boundingBoxes(boxes, { format: 'xyxy', canvasSize: [h, w] }), rect };
}

/** The tight 'xyxy' box of the non-zero pixels of a plane in pixel-edge coordinates, or null when empty. */
export function tightBox(plane: ArrayLike<number>, h: number, w: number): [number, number, number, number] | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      if (plane[i * w + j] !== 0) {
        if (j < x1) x1 = j;
        if (j + 1 > x2) x2 = j + 1;
        if (i < y1) y1 = i;
        if (i + 1 > y2) y2 = i + 1;
      }
    }
  }
  return x1 === Infinity ? null : [x1, y1, x2, y2];
}

export function planeOf(m: Mask, k: number): Uint8Array {
  const n = m.height * m.width;
  return m.data.subarray(k * n, (k + 1) * n);
}

/** Box k of `boxes` in 'xyxy'. */
export function xyxy(boxes: BoundingBoxes, k: number): [number, number, number, number] {
  const d = convertBoundingBoxFormat(boxes, 'xyxy').data;
  return [d[k * 4]!, d[k * 4 + 1]!, d[k * 4 + 2]!, d[k * 4 + 3]!];
}

/**
 * Box k equals the tight box of plane k of `masks` within `tol` pixels per edge (`exact`: equality within
 * float32 rounding); an empty plane must have a zero-area box. With `contains`, the mask's box need only lie
 * inside the box (within `tol`): the box of a transformed polygon's box is larger than the polygon's box.
 * Returns the largest edge difference seen.
 */
export function expectBoxMatchesMask(boxes: BoundingBoxes, masks: Mask, k: number, tol: number, contains = false, what = ''): number {
  const b = xyxy(boxes, k);
  const t = tightBox(planeOf(masks, k), masks.height, masks.width);
  expect(boxes.canvasSize).toEqual([masks.height, masks.width]);
  if (t === null) {
    // Nothing left of the instance: the box has (almost) no area, or (with a tolerance) lies within tol of the border.
    const area = Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
    if (tol === 0 && !contains) expect(area, `${what} box ${k} ${b} should be empty`).toBe(0);
    return 0;
  }
  let worst = 0;
  for (let e = 0; e < 4; e++) {
    const diff = b[e]! - t[e]!;
    // For containment, the box's min edges may be below the mask's, its max edges above.
    const err = contains ? (e < 2 ? Math.max(0, diff) : Math.max(0, -diff)) : Math.abs(diff);
    worst = Math.max(worst, err);
    expect(err, `${what} box ${k} ${b} vs mask ${t}`).toBeLessThanOrEqual(tol + 1e-4);
  }
  return worst;
}
