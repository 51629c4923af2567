import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import { checkChannels, checkNonNegative } from '../validate.js';
import { affineInto, affineTableU8, grayMean, grayMeanU8, IDENTITY_U8, saturationInto, saturationU8 } from './color.js';
import { checkHueFactor, hueInto, hueU8 } from './hue.js';

/** The parameters ColorJitter draws per call (torchvision's `get_params` result); `null` = that adjustment is off. */
export interface ColorJitterParams {
  /** The order of the four adjustments: 0 brightness, 1 contrast, 2 saturation, 3 hue. */
  fnIdx: [number, number, number, number];
  brightnessFactor: number | null;
  contrastFactor: number | null;
  saturationFactor: number | null;
  hueFactor: number | null;
}

const pending = new Uint8Array(256);

/**
 * ColorJitter on a uint8 RGB image in one or two passes, with the bytes of the step-by-step path: brightness
 * and contrast are byte maps, so they are composed into one pending map (contrast's mean read through it)
 * that the next saturation or hue pass reads its input through, or that is applied at the end.
 */
function jitterRgbU8(img: Image, params: ColorJitterParams): Image {
  const { brightnessFactor: b, contrastFactor: c, saturationFactor: s, hueFactor: h } = params;
  const src = img.data as Uint8Array;
  const data = new Uint8Array(src.length);
  let from = src;
  let map = IDENTITY_U8;
  for (const fn of params.fnIdx) {
    if (fn === 0 && b !== null) {
      affineTableU8(b, 0, map, pending);
      map = pending;
    } else if (fn === 1 && c !== null) {
      affineTableU8(c, (1 - c) * grayMeanU8(from, map), map, pending);
      map = pending;
    } else if ((fn === 2 && s !== null) || (fn === 3 && h !== null)) {
      if (fn === 2) saturationU8(from, data, s!, map);
      else hueU8(from, data, h!, map);
      from = data;
      map = IDENTITY_U8;
    }
  }
  if (from !== data || map !== IDENTITY_U8) {
    for (let i = 0; i < data.length; i += 3) {
      data[i] = map[from[i]!]!;
      data[i + 1] = map[from[i + 1]!]!;
      data[i + 2] = map[from[i + 2]!]!;
    }
  }
  return { data, height: img.height, width: img.width, channels: 3 };
}

/**
 * ColorJitter's drawn parameters applied to one image: the same result as `adjustBrightness`,
 * `adjustContrast`, `adjustSaturation` and `adjustHue` in `params.fnIdx` order, computed on one copy of the
 * input (uint8 RGB in one or two passes over the bytes). Returns `img` itself when every factor is `null`.
 *
 * @example
 * ```ts
 * const out = colorJitter(img, { fnIdx: [3, 0, 1, 2], brightnessFactor: 1.2, contrastFactor: null, saturationFactor: null, hueFactor: 0.1 });
 * ```
 */
export function colorJitter(img: Image, params: ColorJitterParams): Image {
    assertImage(img);
    const { brightnessFactor: b, contrastFactor: c, saturationFactor: s, hueFactor: h } = params;
    if (b !== null) checkNonNegative(b, 'brightness_factor');
    if (c !== null) checkNonNegative(c, 'contrast_factor');
    if (s !== null) checkNonNegative(s, 'saturation_factor');
    if (h !== null) checkHueFactor(h);
    if ((c !== null || s !== null || h !== null) && img.channels !== 1 && img.channels !== 3) checkChannels(img.channels, [1, 3]);
    if (b === null && c === null && s === null && h === null) return img;
    if (img.data instanceof Uint8Array && img.channels === 3) return jitterRgbU8(img, params);
    const data = img.data.slice();
    const rgb = img.channels === 3;
    for (const fn of params.fnIdx) {
      if (fn === 0 && b !== null) affineInto(data, data, b, 0);
      else if (fn === 1 && c !== null) affineInto(data, data, c, (1 - c) * grayMean(data, img.channels));
      else if (fn === 2 && s !== null && rgb) saturationInto(data, data, s);
      else if (fn === 3 && h !== null && rgb) hueInto(data, data, h);
    }
    return { data, height: img.height, width: img.width, channels: img.channels };
}
