import { assertImage } from '../image.js';
import { UINT8_TO_UNIT, assertInteger, describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';
import { checkChannels, checkNonNegative, checkNumber } from '../validate.js';

const f32 = Math.fround;

/**
 * Maps every value through `fn` (a float32 function on [0, 1] values): directly on float images, through a
 * 256-entry table on uint8 images (the float result on `v / 255`, then the uint8 rule).
 */
export function mapValues(img: Image, fn: (v: number) => number): Image {
  const { height, width, channels, data } = img;
  if (data instanceof Uint8Array) {
    const lut = new Uint8Array(256);
    for (let v = 0; v < 256; v++) lut[v] = toUint8(f32(fn(UINT8_TO_UNIT[v]!)));
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = lut[data[i]!]!;
    return { data: out, height, width, channels };
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = fn(data[i]!);
  return { data: out, height, width, channels };
}

/**
 * Inverts the colours (torchvision `F.invert`): `1 - x` on float images, `255 - v` on uint8 images.
 * Needs 1 or 3 channels.
 *
 * @example
 * ```ts
 * const negative = invert(img);
 * ```
 */
export function invert(img: Image): Image {
  assertImage(img);
  checkChannels(img.channels, [1, 3]);
  const { height, width, channels, data } = img;
  if (data instanceof Uint8Array) {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = 255 - data[i]!;
    return { data: out, height, width, channels };
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = 1 - data[i]!;
  return { data: out, height, width, channels };
}

/**
 * Keeps the `bits` most significant bits of each value (torchvision `F.posterize`, `v & ~(2^(8 - bits) - 1)`).
 * uint8 images only, as torchvision's tensor path (it raises for float tensors); `bits` in 0..8.
 *
 * @example
 * ```ts
 * const poster = posterize(img, 4); // 16 levels per channel
 * ```
 */
export function posterize(img: Image, bits: number): Image {
  assertImage(img);
  assertInteger(bits, 'bits');
  if (bits < 0 || bits > 8) throw new RangeError(`bits must be an integer in 0..8, got ${describeValue(bits)}`);
  const { height, width, channels, data } = img;
  if (!(data instanceof Uint8Array)) {
    throw new TypeError('posterize needs a uint8 image (Uint8Array 0..255), got a float image: posterize before toTensor, as torchvision');
  }
  checkChannels(channels, [1, 3]);
  const mask = (0xff << (8 - bits)) & 0xff;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! & mask;
  return { data: out, height, width, channels };
}

/**
 * Inverts every value at or above `threshold` (torchvision `F.solarize`). `threshold` is in the image's
 * range: [0, 1] for float images, 0..255 for uint8 images; above the maximum it is an error, as torchvision.
 *
 * @example
 * ```ts
 * const sol = solarize(u8img, 128);
 * const solF = solarize(floatImg, 0.5);
 * ```
 */
export function solarize(img: Image, threshold: number): Image {
  assertImage(img);
  checkChannels(img.channels, [1, 3]);
  checkNumber(threshold, 'threshold');
  const { height, width, channels, data } = img;
  const bound = data instanceof Uint8Array ? 255 : 1;
  if (threshold > bound) throw new RangeError(`threshold must be at most ${bound} (the image's maximum), got ${describeValue(threshold)}`);
  if (data instanceof Uint8Array) {
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      out[i] = v >= threshold ? 255 - v : v;
    }
    return { data: out, height, width, channels };
  }
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    out[i] = v >= threshold ? 1 - v : v;
  }
  return { data: out, height, width, channels };
}

/**
 * Gamma correction `clamp(gain * x^gamma, 0, 1)` on [0, 1] values (torchvision `F.adjust_gamma`).
 * Needs 1 or 3 channels; `gamma` must be non-negative.
 *
 * @example
 * ```ts
 * const darker = adjustGamma(img, 2.2);
 * ```
 */
export function adjustGamma(img: Image, gamma: number, gain = 1): Image {
  assertImage(img);
  checkChannels(img.channels, [1, 3]);
  checkNonNegative(gamma, 'gamma');
  checkNumber(gain, 'gain');
  return mapValues(img, (v) => {
    const r = f32(gain * f32(Math.pow(v, gamma)));
    return r < 0 ? 0 : r > 1 ? 1 : r;
  });
}
