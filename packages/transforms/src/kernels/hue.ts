import type { Image } from '../image.js';
import { checkChannels, checkNumber, show } from '../validate.js';
import { checkImage, quantize, U8_TO_F32 } from './pixels.js';

/**
 * Shifts one RGB pixel's hue by `factor` (a fraction of the colour wheel) through HSV, with the same
 * formulas as torchvision's `_rgb2hsv` / `_hsv2rgb`. Writes R, G, B into `out` at `o`.
 */
export function shiftHue(r: number, g: number, b: number, factor: number, out: Float64Array, o: number): void {
  const maxc = r > g ? (r > b ? r : b) : g > b ? g : b;
  const minc = r < g ? (r < b ? r : b) : g < b ? g : b;
  const eqc = maxc === minc;
  const cr = maxc - minc;
  const s = cr / (eqc ? 1 : maxc);
  const div = eqc ? 1 : cr;
  const rc = (maxc - r) / div;
  const gc = (maxc - g) / div;
  const bc = (maxc - b) / div;
  let h: number;
  if (maxc === r) h = bc - gc;
  else if (maxc === g) h = 2 + rc - bc;
  else h = 4 + gc - rc;
  h = (h / 6 + 1) % 1;
  h = (h + factor) % 1;
  if (h < 0) h += 1;
  const v = maxc;
  const h6 = h * 6;
  const fi = Math.floor(h6);
  const f = h6 - fi;
  const i = fi % 6;
  let p = v * (1 - s);
  let q = v * (1 - s * f);
  let t = v * (1 - s * (1 - f));
  p = p < 0 ? 0 : p > 1 ? 1 : p;
  q = q < 0 ? 0 : q > 1 ? 1 : q;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  switch (i) {
    case 0:
      out[o] = v; out[o + 1] = t; out[o + 2] = p;
      break;
    case 1:
      out[o] = q; out[o + 1] = v; out[o + 2] = p;
      break;
    case 2:
      out[o] = p; out[o + 1] = v; out[o + 2] = t;
      break;
    case 3:
      out[o] = p; out[o + 1] = q; out[o + 2] = v;
      break;
    case 4:
      out[o] = t; out[o + 1] = p; out[o + 2] = v;
      break;
    default:
      out[o] = v; out[o + 1] = p; out[o + 2] = q;
  }
}

const px = new Float64Array(3);

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
  checkNumber(factor, 'hue_factor');
  if (factor < -0.5 || factor > 0.5) throw new RangeError(`hue_factor must be in [-0.5, 0.5], got ${show(factor)}`);
  checkChannels(img.channels, [1, 3]);
  const { height, width, channels, data } = img;
  if (channels === 1) return { data: data.slice(), height, width, channels };
  const n = height * width;
  if (data instanceof Uint8Array) {
    const out = new Uint8Array(data.length);
    for (let p = 0, i = 0; p < n; p++, i += 3) {
      shiftHue(U8_TO_F32[data[i]!]!, U8_TO_F32[data[i + 1]!]!, U8_TO_F32[data[i + 2]!]!, factor, px, 0);
      out[i] = quantize(Math.fround(px[0]!));
      out[i + 1] = quantize(Math.fround(px[1]!));
      out[i + 2] = quantize(Math.fround(px[2]!));
    }
    return { data: out, height, width, channels };
  }
  const out = new Float32Array(data.length);
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    shiftHue(data[i]!, data[i + 1]!, data[i + 2]!, factor, px, 0);
    out[i] = px[0]!;
    out[i + 1] = px[1]!;
    out[i + 2] = px[2]!;
  }
  return { data: out, height, width, channels };
}
