import type { Image } from '../image.js';
import { checkChannels, checkNumber, show } from '../validate.js';
import { checkImage, quantize, U8_TO_F32 } from './pixels.js';

const px = new Float64Array(3);

/**
 * Shifts one RGB pixel's hue by `factor` (a fraction of the colour wheel) through HSV, with the formulas of
 * torchvision's `_rgb2hsv` / `_hsv2rgb` (the `fmod` / Python `%` there are written as `x - floor(x)`, which
 * is exact for these ranges). Writes R, G, B into `out[0..2]`.
 */
export function shiftHue(r: number, g: number, b: number, factor: number, out: Float64Array): void {
  const maxc = r > g ? (r > b ? r : b) : g > b ? g : b;
  const minc = r < g ? (r < b ? r : b) : g < b ? g : b;
  const cr = maxc - minc;
  if (cr === 0) {
    // Grey: s = 0, so every channel is v whatever the hue.
    out[0] = maxc;
    out[1] = maxc;
    out[2] = maxc;
    return;
  }
  const s = cr / maxc;
  let h: number;
  // torchvision's bc - gc, 2 + rc - bc, 4 + gc - rc, each with one division.
  if (maxc === r) h = (g - b) / cr;
  else if (maxc === g) h = 2 + (b - r) / cr;
  else h = 4 + (r - g) / cr;
  h = h / 6 + 1;
  h -= Math.floor(h);
  h += factor;
  h -= Math.floor(h);
  const v = maxc;
  const h6 = h * 6;
  let i = Math.floor(h6);
  const f = h6 - i;
  if (i >= 6) i -= 6;
  let p = v * (1 - s);
  let q = v * (1 - s * f);
  let t = v * (1 - s * (1 - f));
  p = p < 0 ? 0 : p > 1 ? 1 : p;
  q = q < 0 ? 0 : q > 1 ? 1 : q;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  switch (i) {
    case 0:
      out[0] = v; out[1] = t; out[2] = p;
      break;
    case 1:
      out[0] = q; out[1] = v; out[2] = p;
      break;
    case 2:
      out[0] = p; out[1] = v; out[2] = t;
      break;
    case 3:
      out[0] = p; out[1] = q; out[2] = v;
      break;
    case 4:
      out[0] = t; out[1] = p; out[2] = v;
      break;
    default:
      out[0] = v; out[1] = p; out[2] = q;
  }
}

/** Writes the hue rotation of an RGB `src` into `dst` (which may be `src`). */
export function hueInto(data: Uint8Array | Float32Array, dst: Uint8Array | Float32Array, factor: number): void {
  const n = data.length / 3;
  if (data instanceof Uint8Array) {
    for (let p = 0, i = 0; p < n; p++, i += 3) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      if (r === g && g === b) {
        dst[i] = r; dst[i + 1] = g; dst[i + 2] = b;
        continue;
      }
      shiftHue(U8_TO_F32[r]!, U8_TO_F32[g]!, U8_TO_F32[b]!, factor, px);
      dst[i] = quantize(Math.fround(px[0]!));
      dst[i + 1] = quantize(Math.fround(px[1]!));
      dst[i + 2] = quantize(Math.fround(px[2]!));
    }
    return;
  }
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    shiftHue(data[i]!, data[i + 1]!, data[i + 2]!, factor, px);
    dst[i] = px[0]!;
    dst[i + 1] = px[1]!;
    dst[i + 2] = px[2]!;
  }
}

/**
 * Rotates the hue by `factor` in [-0.5, 0.5] (torchvision `F.adjust_hue`): RGB -> HSV, shift H cyclically,
 * HSV -> RGB. 0.5 and -0.5 give the complementary colours. A 1-channel image is returned unchanged (as a copy).
 *
 * @example
 * ```ts
 * const shifted = adjustHue(img, 0.25);
 * ```
 */
export function adjustHue(img: Image, factor: number): Image {
  checkImage(img);
  checkHueFactor(factor);
  checkChannels(img.channels, [1, 3]);
  const { height, width, channels, data } = img;
  if (channels === 1) return { data: data.slice(), height, width, channels };
  const out = data instanceof Uint8Array ? new Uint8Array(data.length) : new Float32Array(data.length);
  hueInto(data, out, factor);
  return { data: out, height, width, channels };
}

/** Checks a hue factor in [-0.5, 0.5]. */
export function checkHueFactor(factor: unknown): void {
  checkNumber(factor, 'hue_factor');
  if ((factor as number) < -0.5 || (factor as number) > 0.5) throw new RangeError(`hue_factor must be in [-0.5, 0.5], got ${show(factor)}`);
}
