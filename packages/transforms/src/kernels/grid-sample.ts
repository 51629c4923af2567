import { UINT8_TO_UNIT, describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';

const f32 = Math.fround;

/** Interpolation of the grid-based kernels (rotate, affine, perspective, elasticTransform). */
export type GridInterpolation = 'nearest' | 'bilinear';

/** Checks a grid interpolation mode: torchvision 0.14's tensor path allows nearest and bilinear only. */
export function checkGridInterpolation(interpolation: unknown, name = 'interpolation'): GridInterpolation {
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
    throw new RangeError(
      `${name} must be 'nearest' or 'bilinear' (torchvision 0.14's tensor path supports no other mode here), got ${describeValue(interpolation)}`,
    );
  }
  return interpolation;
}

/**
 * Checks a `fill` argument: `undefined`/`null` (torchvision's `None`: no fill pass, outside pixels are 0),
 * a number, or one value (or one per channel). Values are in the image's range (0..255 for uint8).
 * Returns per-channel values in [0, 1] units or null.
 */
export function checkFill(fill: unknown, channels: number, isU8: boolean, name = 'fill'): number[] | null {
  if (fill === undefined || fill === null) return null;
  let values: number[];
  if (typeof fill === 'number' && Number.isFinite(fill)) values = new Array<number>(channels).fill(fill);
  else if (Array.isArray(fill) && fill.every((v) => typeof v === 'number' && Number.isFinite(v)) && (fill.length === 1 || fill.length === channels)) {
    values = fill.length === 1 ? new Array<number>(channels).fill(fill[0] as number) : [...(fill as number[])];
  } else {
    throw new TypeError(`${name} must be a number or ${channels === 1 ? '1 number' : `1 or ${channels} numbers (one per channel)`}, got ${describeValue(fill)}`);
  }
  return values.map((v) => f32(isU8 ? v / 255 : v));
}

/** Python's / C's round-half-to-even on a float (`nearbyint`), as grid_sample's nearest mode. */
export function nearbyint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

/**
 * torch's `grid_sample(img, grid, mode, padding_mode='zeros', align_corners=False)` for one HWC image and a
 * normalised grid (`gx`, `gy` in [-1, 1] over the input), followed by torchvision's fill pass
 * (`_apply_grid_transform`): with a fill, a ones channel is sampled alongside and blended (bilinear) or
 * thresholded at 0.5 (nearest). Source coordinates are computed in float32 as torch's CPU kernel.
 */
export function gridSample(img: Image, gx: Float32Array, gy: Float32Array, oh: number, ow: number, mode: GridInterpolation, fill: number[] | null): Image {
  if (img.data instanceof Uint8Array) return gridSampleU8(img as Image & { data: Uint8Array }, gx, gy, oh, ow, mode, fill);
  const { height: h, width: w, channels: c } = img;
  const src = img.data;
  const out = new Float32Array(oh * ow * c);
  const sx = f32(w / 2);
  const sy = f32(h / 2);
  for (let p = 0; p < oh * ow; p++) {
    const x = f32(f32(f32(gx[p]! + 1) * sx) - 0.5);
    const y = f32(f32(f32(gy[p]! + 1) * sy) - 0.5);
    const d = p * c;
    if (mode === 'nearest') {
      const xi = nearbyint(x);
      const yi = nearbyint(y);
      if (xi >= 0 && xi < w && yi >= 0 && yi < h) {
        const s = (yi * w + xi) * c;
        for (let k = 0; k < c; k++) out[d + k] = src[s + k]!;
      } else if (fill !== null) {
        for (let k = 0; k < c; k++) out[d + k] = fill[k]!;
      }
      continue;
    }
    if (!(Number.isFinite(x) && Number.isFinite(y))) {
      if (fill !== null) for (let k = 0; k < c; k++) out[d + k] = fill[k]!;
      continue;
    }
    bilinearTaps(x, y, w, h);
    for (let k = 0; k < c; k++) {
      let v = 0;
      for (let t = 0; t < TAPS.n; t++) v += src[TAPS.idx[t]! * c + k]! * TAPS.wt[t]!;
      out[d + k] = fill !== null ? f32(v) * TAPS.mask + f32(1 - TAPS.mask) * fill[k]! : v;
    }
  }
  return { data: out, height: oh, width: ow, channels: c };
}

/** The in-image taps of one bilinear sample (pixel indices and float32 weights) and their summed weight. */
const TAPS = { n: 0, idx: new Int32Array(4), wt: new Float64Array(4), mask: 0 };

function bilinearTaps(x: number, y: number, w: number, h: number): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fw = f32(x - x0);
  const fe = f32(1 - fw);
  const fn = f32(y - y0);
  const fs = f32(1 - fn);
  const inX0 = x0 >= 0 && x0 < w;
  const inX1 = x0 + 1 >= 0 && x0 + 1 < w;
  const inY0 = y0 >= 0 && y0 < h;
  const inY1 = y0 + 1 >= 0 && y0 + 1 < h;
  let n = 0;
  let mask = 0;
  const add = (i: number, wt: number) => {
    TAPS.idx[n] = i;
    TAPS.wt[n] = wt;
    mask += wt;
    n++;
  };
  if (inY0 && inX0) add(y0 * w + x0, f32(fs * fe));
  if (inY0 && inX1) add(y0 * w + x0 + 1, f32(fs * fw));
  if (inY1 && inX0) add((y0 + 1) * w + x0, f32(fn * fe));
  if (inY1 && inX1) add((y0 + 1) * w + x0 + 1, f32(fn * fw));
  TAPS.n = n;
  TAPS.mask = f32(mask);
}

/**
 * {@link gridSample} for uint8 images, the same bytes as sampling the float image and applying the uint8
 * rule: nearest copies bytes (a uint8 value survives the round trip exactly), bilinear reads values through
 * the `v / 255` table and quantizes once.
 */
function gridSampleU8(img: Image & { data: Uint8Array }, gx: Float32Array, gy: Float32Array, oh: number, ow: number, mode: GridInterpolation, fill: number[] | null): Image {
  const { height: h, width: w, channels: c } = img;
  const src = img.data;
  const out = new Uint8Array(oh * ow * c);
  const sx = f32(w / 2);
  const sy = f32(h / 2);
  const fillU8 = fill === null ? null : fill.map((v) => toUint8(v));
  if (mode === 'nearest') {
    const rgb = c === 3;
    const f0 = fillU8?.[0] ?? 0;
    const f1 = fillU8?.[1] ?? 0;
    const f2 = fillU8?.[2] ?? 0;
    for (let p = 0, d = 0; p < oh * ow; p++, d += c) {
      const xi = nearbyint(f32(f32(f32(gx[p]! + 1) * sx) - 0.5));
      const yi = nearbyint(f32(f32(f32(gy[p]! + 1) * sy) - 0.5));
      if (xi >= 0 && xi < w && yi >= 0 && yi < h) {
        const s = (yi * w + xi) * c;
        if (rgb) {
          out[d] = src[s]!;
          out[d + 1] = src[s + 1]!;
          out[d + 2] = src[s + 2]!;
        } else for (let k = 0; k < c; k++) out[d + k] = src[s + k]!;
      } else if (fillU8 !== null) {
        if (rgb) {
          out[d] = f0;
          out[d + 1] = f1;
          out[d + 2] = f2;
        } else for (let k = 0; k < c; k++) out[d + k] = fillU8[k]!;
      }
    }
    return { data: out, height: oh, width: ow, channels: c };
  }
  for (let p = 0; p < oh * ow; p++) {
    const x = f32(f32(f32(gx[p]! + 1) * sx) - 0.5);
    const y = f32(f32(f32(gy[p]! + 1) * sy) - 0.5);
    const d = p * c;
    if (!(Number.isFinite(x) && Number.isFinite(y))) {
      if (fillU8 !== null) for (let k = 0; k < c; k++) out[d + k] = fillU8[k]!;
      continue;
    }
    bilinearTaps(x, y, w, h);
    for (let k = 0; k < c; k++) {
      let v = 0;
      for (let t = 0; t < TAPS.n; t++) v += UINT8_TO_UNIT[src[TAPS.idx[t]! * c + k]!]! * TAPS.wt[t]!;
      out[d + k] = toUint8(f32(fill !== null ? f32(v) * TAPS.mask + f32(1 - TAPS.mask) * fill[k]! : v));
    }
  }
  return { data: out, height: oh, width: ow, channels: c };
}
