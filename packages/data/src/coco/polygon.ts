import type { Rle } from './rle.js';

const INT_MIN = -2147483648;

/** C's `(int)` cast of a double: truncation toward zero (NaN gives x86's INT_MIN; such values are never used). */
function cInt(v: number): number {
  return Number.isNaN(v) ? INT_MIN : Math.trunc(v);
}

/**
 * maskApi.c's `rleFrPoly`, re-implemented line by line: the polygon `xy` (`[x0, y0, x1, y1, ...]`, `k =
 * floor(xy.length / 2)` vertices, continuous pixel-edge coordinates) rasterised into an `height` x `width` RLE.
 * The C upsamples the vertices 5x (rounding `(int)(5 * v + .5)`), walks every edge densely, keeps the points
 * where the upsampled x crosses a pixel centre and fills between those y-boundaries column by column
 * (even-odd), so the result matches pycocotools to the pixel, including its rounding quirks.
 *
 * @example
 * ```ts
 * rleFrPoly([2, 1, 6, 1, 6, 4, 2, 4], 6, 8); // the pixels x in [2, 6), y in [1, 4)
 * ```
 */
export function rleFrPoly(xy: ArrayLike<number>, height: number, width: number): Rle {
  const h = height;
  const w = width;
  const k = Math.floor(xy.length / 2);
  const scale = 5;
  // upsample and get discrete points densely along entire boundary
  const x: number[] = new Array<number>(k + 1);
  const y: number[] = new Array<number>(k + 1);
  for (let j = 0; j < k; j++) x[j] = cInt(scale * xy[j * 2]! + 0.5);
  x[k] = x[0]!;
  for (let j = 0; j < k; j++) y[j] = cInt(scale * xy[j * 2 + 1]! + 0.5);
  y[k] = y[0]!;
  const u: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < k; j++) {
    let xs = x[j]!;
    let xe = x[j + 1]!;
    let ys = y[j]!;
    let ye = y[j + 1]!;
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      let t = xs;
      xs = xe;
      xe = t;
      t = ys;
      ys = ye;
      ye = t;
    }
    const s = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) {
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u.push(t + xs);
        v.push(cInt(ys + s * t + 0.5));
      }
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v.push(t + ys);
        u.push(cInt(xs + s * t + 0.5));
      }
    }
  }
  // get points along y-boundary and downsample
  const bx: number[] = [];
  const by: number[] = [];
  for (let j = 1; j < u.length; j++) {
    if (u[j] !== u[j - 1]) {
      let xd = u[j]! < u[j - 1]! ? u[j]! : u[j]! - 1;
      xd = (xd + 0.5) / scale - 0.5;
      if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
      let yd = v[j]! < v[j - 1]! ? v[j]! : v[j - 1]!;
      yd = (yd + 0.5) / scale - 0.5;
      if (yd < 0) yd = 0;
      else if (yd > h) yd = h;
      yd = Math.ceil(yd);
      bx.push(xd);
      by.push(yd);
    }
  }
  // compute rle encoding given y-boundary points
  const a: number[] = bx.map((xv, j) => (xv * h + by[j]!) >>> 0);
  a.push((h * w) >>> 0);
  a.sort((p, q) => p - q);
  let p = 0;
  for (let j = 0; j < a.length; j++) {
    const t = a[j]!;
    a[j] = (a[j]! - p) >>> 0;
    p = t;
  }
  const b: number[] = [];
  let j = 0;
  b.push(a[j++]!);
  while (j < a.length) {
    if (a[j]! > 0) b.push(a[j++]!);
    else {
      j++;
      if (j < a.length) b[b.length - 1] = b[b.length - 1]! + a[j++]!;
    }
  }
  return { height: h, width: w, counts: b };
}

/**
 * maskApi.c's `rleFrBbox` for one box `[x, y, width, height]` (COCO's xywh): the box as a 4-vertex polygon
 * through {@link rleFrPoly}.
 *
 * @example
 * ```ts
 * rleFrBbox([2, 1, 4, 3], 6, 8); // the same mask as rleFrPoly([2, 1, 2, 4, 6, 4, 6, 1], 6, 8)
 * ```
 */
export function rleFrBbox(bb: ArrayLike<number>, height: number, width: number): Rle {
  const xs = bb[0]!;
  const xe = xs + bb[2]!;
  const ys = bb[1]!;
  const ye = ys + bb[3]!;
  return rleFrPoly([xs, ys, xs, ye, xe, ye, xe, ys], height, width);
}
