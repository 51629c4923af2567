import { assertImage } from '../image.js';
import { UINT8_TO_UNIT, describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';
import { checkChannels, checkNonNegative } from '../validate.js';
import { clamp01, quantizeF32 } from './pixels.js';

const f32 = Math.fround;

/** ITU-R 601-2 luma weights, as torchvision's `rgb_to_grayscale`. */
export const LUMA = [0.2989, 0.587, 0.114] as const;

const table = new Uint8Array(256);

/**
 * Writes `clamp(a * x + b)` of every value of `src` into `dst` (which may be `src`); on uint8 through a
 * 256-entry table, which gives the same bytes as the float path followed by the uint8 rule.
 */
export function affineInto(src: Uint8Array | Float32Array, dst: Uint8Array | Float32Array, a: number, b: number): void {
  const n = src.length;
  if (src instanceof Uint8Array) {
    affineTableU8(a, b, IDENTITY_U8, table);
    for (let i = 0; i < n; i++) dst[i] = table[src[i]!]!;
    return;
  }
  for (let i = 0; i < n; i++) dst[i] = clamp01(a * src[i]! + b);
}

/** The identity byte map (`IDENTITY_U8[v] === v`), the neutral `map` of the `*U8` kernels below. */
export const IDENTITY_U8: Uint8Array = Uint8Array.from({ length: 256 }, (_, i) => i);

const single = new Uint8Array(256);
/** Per-byte tables of `factor * v / 255` and of the luma products, filled per call. */
const SAT_FX = new Float64Array(256);
const SAT_R = new Float64Array(256);
const SAT_G = new Float64Array(256);
const SAT_B = new Float64Array(256);

/**
 * Writes into `table` the byte map of `clamp(a * x + b)` under the uint8 rule (the bytes `affineInto` gives)
 * composed after `pre`: `table[v] = affine(pre[v])`. `table` may be `pre`.
 */
export function affineTableU8(a: number, b: number, pre: Uint8Array, table: Uint8Array): void {
  // quantizeF32 clamps, so clamping to [0, 1] first changes nothing.
  for (let v = 0; v < 256; v++) single[v] = quantizeF32(f32(a * UINT8_TO_UNIT[v]! + b));
  for (let v = 0; v < 256; v++) table[v] = single[pre[v]!]!;
}

/** {@link grayMean} of the RGB uint8 image `map[data]` (each byte read through `map`), without writing it. */
export function grayMeanU8(data: Uint8Array, map: Uint8Array): number {
  // Tables of the same double products (each byte's value through `map`, times its weight).
  for (let v = 0; v < 256; v++) {
    const x = UINT8_TO_UNIT[map[v]!]!;
    SAT_R[v] = LUMA[0] * x;
    SAT_G[v] = LUMA[1] * x;
    SAT_B[v] = LUMA[2] * x;
  }
  const len = data.length;
  let sum = 0;
  // Two pixels per iteration (the same additions in the same order).
  let i = 0;
  for (; i + 6 <= len; i += 6) {
    sum += f32(SAT_R[data[i]!]! + SAT_G[data[i + 1]!]! + SAT_B[data[i + 2]!]!);
    sum += f32(SAT_R[data[i + 3]!]! + SAT_G[data[i + 4]!]! + SAT_B[data[i + 5]!]!);
  }
  if (i < len) sum += f32(SAT_R[data[i]!]! + SAT_G[data[i + 1]!]! + SAT_B[data[i + 2]!]!);
  return sum / (len / 3);
}

function affine(img: Image, a: number, b: number): Image {
  const out = img.data instanceof Uint8Array ? new Uint8Array(img.data.length) : new Float32Array(img.data.length);
  affineInto(img.data, out, a, b);
  return { data: out, height: img.height, width: img.width, channels: img.channels };
}

function copy(img: Image): Image {
  return { data: img.data.slice(), height: img.height, width: img.width, channels: img.channels };
}

function value(data: Uint8Array | Float32Array, i: number): number {
  return data instanceof Uint8Array ? UINT8_TO_UNIT[data[i]!]! : data[i]!;
}

/**
 * Multiplies every value by `factor` and clamps to the valid range (torchvision `F.adjust_brightness`):
 * 0 gives black, 1 the original, 2 twice as bright.
 *
 * @example
 * ```ts
 * const brighter = adjustBrightness(img, 1.5);
 * ```
 */
export function adjustBrightness(img: Image, factor: number): Image {
  assertImage(img);
  checkNonNegative(factor, 'brightness_factor');
  return affine(img, factor, 0);
}

/** Mean of the grayscale image (or of the single channel), as float values in [0, 1]. */
export function grayMean(data: Uint8Array | Float32Array, channels: number): number {
  const n = data.length / channels;
  let sum = 0;
  if (channels === 3) {
    if (data instanceof Uint8Array) {
      for (let p = 0, i = 0; p < n; p++, i += 3) {
        sum += f32(LUMA[0] * UINT8_TO_UNIT[data[i]!]! + LUMA[1] * UINT8_TO_UNIT[data[i + 1]!]! + LUMA[2] * UINT8_TO_UNIT[data[i + 2]!]!);
      }
    } else {
      for (let p = 0, i = 0; p < n; p++, i += 3) sum += f32(LUMA[0] * data[i]! + LUMA[1] * data[i + 1]! + LUMA[2] * data[i + 2]!);
    }
  } else {
    for (let i = 0; i < n; i++) sum += value(data, i);
  }
  return sum / n;
}

/**
 * Blends the image with the mean of its grayscale version (torchvision `F.adjust_contrast`): 0 gives a
 * uniform grey, 1 the original, 2 doubles the contrast. Needs 1 or 3 channels.
 *
 * @example
 * ```ts
 * const flat = adjustContrast(img, 0.5);
 * ```
 */
export function adjustContrast(img: Image, factor: number): Image {
  assertImage(img);
  checkNonNegative(factor, 'contrast_factor');
  checkChannels(img.channels, [1, 3]);
  const mean = grayMean(img.data, img.channels);
  return affine(img, factor, (1 - factor) * mean);
}

/**
 * Blends each pixel with its grey value (torchvision `F.adjust_saturation`): 0 gives grayscale, 1 the
 * original, 2 doubles the saturation. A 1-channel image is returned unchanged (as a copy).
 *
 * @example
 * ```ts
 * const muted = adjustSaturation(img, 0.3);
 * ```
 */
export function adjustSaturation(img: Image, factor: number): Image {
  assertImage(img);
  checkNonNegative(factor, 'saturation_factor');
  checkChannels(img.channels, [1, 3]);
  if (img.channels === 1) return copy(img);
  const out = img.data instanceof Uint8Array ? new Uint8Array(img.data.length) : new Float32Array(img.data.length);
  saturationInto(img.data, out, factor);
  return { data: out, height: img.height, width: img.width, channels: img.channels };
}

/** Writes the saturation blend of an RGB `src` into `dst` (which may be `src`). */
export function saturationInto(data: Uint8Array | Float32Array, dst: Uint8Array | Float32Array, factor: number): void {
  const n = data.length / 3;
  const b = 1 - factor;
  if (data instanceof Uint8Array) {
    saturationU8(data, dst as Uint8Array, factor, IDENTITY_U8);
    return;
  }
  for (let p = 0, i = 0; p < n; p++, i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const bl = data[i + 2]!;
    const gray = b * f32(LUMA[0] * r + LUMA[1] * g + LUMA[2] * bl);
    dst[i] = clamp01(factor * r + gray);
    dst[i + 1] = clamp01(factor * g + gray);
    dst[i + 2] = clamp01(factor * bl + gray);
  }
}

/**
 * The uint8 saturation blend of the RGB image `map[src]` (each byte read through `map`) into `dst` (which
 * may be `src`): per-value tables of the same double products the float path computes, so the bytes are
 * identical to the float result under the uint8 rule.
 */
export function saturationU8(src: Uint8Array, dst: Uint8Array, factor: number, map: Uint8Array): void {
  const b = 1 - factor;
  // Indexed by the byte of `src`: `map` is folded into the tables.
  for (let v = 0; v < 256; v++) {
    const x = UINT8_TO_UNIT[map[v]!]!;
    SAT_FX[v] = factor * x;
    SAT_R[v] = LUMA[0] * x;
    SAT_G[v] = LUMA[1] * x;
    SAT_B[v] = LUMA[2] * x;
  }
  // quantizeF32 clamps, so clamping to [0, 1] first changes nothing.
  for (let i = 0; i < src.length; i += 3) {
    const r = src[i]!;
    const g = src[i + 1]!;
    const bl = src[i + 2]!;
    const gray = b * f32(SAT_R[r]! + SAT_G[g]! + SAT_B[bl]!);
    dst[i] = quantizeF32(f32(SAT_FX[r]! + gray));
    dst[i + 1] = quantizeF32(f32(SAT_FX[g]! + gray));
    dst[i + 2] = quantizeF32(f32(SAT_FX[bl]! + gray));
  }
}

/**
 * Converts to grayscale with torchvision's weights `0.2989 R + 0.587 G + 0.114 B` (`F.rgb_to_grayscale`),
 * returning 1 channel or the grey value repeated in 3. A 1-channel input is returned as a 1-channel copy
 * whatever `numOutputChannels` says, as torchvision does (`expand(img.shape)`).
 *
 * @example
 * ```ts
 * const grey = rgbToGrayscale(img, 1);
 * const grey3 = rgbToGrayscale(img, 3); // still RGB-shaped, as RandomGrayscale keeps channels
 * ```
 */
export function rgbToGrayscale(img: Image, numOutputChannels: 1 | 3 = 1): Image {
  assertImage(img);
  checkChannels(img.channels, [1, 3]);
  if (numOutputChannels !== 1 && numOutputChannels !== 3) {
    throw new RangeError(`numOutputChannels must be 1 or 3, got ${describeValue(numOutputChannels)}`);
  }
  const { height, width, data } = img;
  if (img.channels === 1) return copy(img);
  const n = height * width;
  const isU8 = data instanceof Uint8Array;
  const out = isU8 ? new Uint8Array(n * numOutputChannels) : new Float32Array(n * numOutputChannels);
  for (let p = 0; p < n; p++) {
    const i = p * 3;
    let v = f32(LUMA[0] * value(data, i) + LUMA[1] * value(data, i + 1) + LUMA[2] * value(data, i + 2));
    if (isU8) v = toUint8(v);
    if (numOutputChannels === 1) out[p] = v;
    else {
      out[p * 3] = v;
      out[p * 3 + 1] = v;
      out[p * 3 + 2] = v;
    }
  }
  return { data: out, height, width, channels: numOutputChannels };
}
