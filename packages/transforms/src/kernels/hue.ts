import { assertImage } from '../image.js';
import { UINT8_TO_UNIT, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { checkChannels, checkNumber } from '../validate.js';
import { IDENTITY_U8 } from './color.js';
import { quantizeUnitF32 } from './pixels.js';

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
    hueU8(data, dst as Uint8Array, factor, IDENTITY_U8);
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
 * The uint8 hue rotation of the RGB image `map[src]` (each byte read through `map`) into `dst` (which may be
 * `src`): {@link shiftHue}'s arithmetic inlined, each output rounded to float32 and then to uint8. Grey pixels
 * are kept (their hue does not matter), and the channel holding the maximum stays that byte (`v / 255` times
 * 255 rounds back to it).
 */
export function hueU8(src: Uint8Array, dst: Uint8Array, factor: number, map: Uint8Array): void {
  const F = UINT8_TO_UNIT;
  const f32 = Math.fround;
  for (let i = 0; i < src.length; i += 3) {
    const R = map[src[i]!]!;
    const G = map[src[i + 1]!]!;
    const B = map[src[i + 2]!]!;
    if (R === G && G === B) {
      dst[i] = R; dst[i + 1] = G; dst[i + 2] = B;
      continue;
    }
    const r = F[R]!;
    const g = F[G]!;
    const b = F[B]!;
    const M = R > G ? (R > B ? R : B) : G > B ? G : B;
    const maxc = F[M]!;
    const minc = r < g ? (r < b ? r : b) : g < b ? g : b;
    const cr = maxc - minc;
    const s = cr / maxc;
    let h: number;
    if (M === R) h = (g - b) / cr;
    else if (M === G) h = 2 + (b - r) / cr;
    else h = 4 + (r - g) / cr;
    h = h / 6 + 1;
    h -= Math.floor(h);
    h += factor;
    h -= Math.floor(h);
    const h6 = h * 6;
    const fk = Math.floor(h6);
    const f = h6 - fk;
    // An int32 sector (h6 is in [0, 6]), so the switch below is one jump.
    let k = fk | 0;
    if (k >= 6) k -= 6;
    // p, q and t lie in [0, v] (0 <= s <= 1, 0 <= f < 1), so shiftHue's clamping changes nothing here.
    const p = quantizeUnitF32(f32(maxc * (1 - s)));
    switch (k) {
      case 0:
        dst[i] = M; dst[i + 1] = quantizeUnitF32(f32(maxc * (1 - s * (1 - f)))); dst[i + 2] = p;
        break;
      case 1:
        dst[i] = quantizeUnitF32(f32(maxc * (1 - s * f))); dst[i + 1] = M; dst[i + 2] = p;
        break;
      case 2:
        dst[i] = p; dst[i + 1] = M; dst[i + 2] = quantizeUnitF32(f32(maxc * (1 - s * (1 - f))));
        break;
      case 3:
        dst[i] = p; dst[i + 1] = quantizeUnitF32(f32(maxc * (1 - s * f))); dst[i + 2] = M;
        break;
      case 4:
        dst[i] = quantizeUnitF32(f32(maxc * (1 - s * (1 - f)))); dst[i + 1] = p; dst[i + 2] = M;
        break;
      default:
        dst[i] = M; dst[i + 1] = p; dst[i + 2] = quantizeUnitF32(f32(maxc * (1 - s * f)));
    }
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
  assertImage(img);
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
  if ((factor as number) < -0.5 || (factor as number) > 0.5) throw new RangeError(`hue_factor must be in [-0.5, 0.5], got ${describeValue(factor)}`);
}
