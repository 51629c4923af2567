import type { Image } from '../image.js';
import { show } from '../validate.js';
import { floatValues, fromFloat } from './blur.js';

const f32 = Math.fround;

/** Interpolation of the grid-based kernels (rotate, affine, perspective, elasticTransform). @example `'bilinear'` */
export type GridInterpolation = 'nearest' | 'bilinear';

/** Checks a grid interpolation mode: torchvision 0.14's tensor path allows nearest and bilinear only. */
export function checkGridInterpolation(interpolation: unknown, name = 'interpolation'): GridInterpolation {
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
    throw new RangeError(
      `${name} must be 'nearest' or 'bilinear' (torchvision 0.14's tensor path supports no other mode here), got ${show(interpolation)}`,
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
    throw new TypeError(`${name} must be a number or ${channels === 1 ? '1 number' : `1 or ${channels} numbers (one per channel)`}, got ${show(fill)}`);
  }
  return values.map((v) => f32(isU8 ? v / 255 : v));
}

/** Python's / C's round-half-to-even on a float (`nearbyint`), as grid_sample's nearest mode. */
function nearbyint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * torch's `grid_sample(img, grid, mode, padding_mode='zeros', align_corners=False)` for one HWC image and a
 * normalised grid (`gx`, `gy` in [-1, 1] over the input), followed by torchvision's fill pass
 * (`_apply_grid_transform`): with a fill, a ones channel is sampled alongside and blended (bilinear) or
 * thresholded at 0.5 (nearest). Source coordinates are computed in float32 as torch's CPU kernel.
 */
export function gridSample(img: Image, gx: Float32Array, gy: Float32Array, oh: number, ow: number, mode: GridInterpolation, fill: number[] | null): Image {
  const { height: h, width: w, channels: c } = img;
  const src = floatValues(img);
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
      const inside = xi >= 0 && xi < w && yi >= 0 && yi < h;
      if (inside) {
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
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fw = f32(x - x0);
    const fe = f32(1 - fw);
    const fn = f32(y - y0);
    const fs = f32(1 - fn);
    const wNW = f32(fs * fe);
    const wNE = f32(fs * fw);
    const wSW = f32(fn * fe);
    const wSE = f32(fn * fw);
    const inX0 = x0 >= 0 && x0 < w;
    const inX1 = x0 + 1 >= 0 && x0 + 1 < w;
    const inY0 = y0 >= 0 && y0 < h;
    const inY1 = y0 + 1 >= 0 && y0 + 1 < h;
    let mask = 0;
    if (inY0 && inX0) mask += wNW;
    if (inY0 && inX1) mask += wNE;
    if (inY1 && inX0) mask += wSW;
    if (inY1 && inX1) mask += wSE;
    for (let k = 0; k < c; k++) {
      let v = 0;
      if (inY0 && inX0) v += src[(y0 * w + x0) * c + k]! * wNW;
      if (inY0 && inX1) v += src[(y0 * w + x0 + 1) * c + k]! * wNE;
      if (inY1 && inX0) v += src[((y0 + 1) * w + x0) * c + k]! * wSW;
      if (inY1 && inX1) v += src[((y0 + 1) * w + x0 + 1) * c + k]! * wSE;
      if (fill !== null) {
        const m = f32(mask);
        v = f32(v) * m + f32(1 - m) * fill[k]!;
      }
      out[d + k] = v;
    }
  }
  return fromFloat(img, out, oh, ow, c);
}
