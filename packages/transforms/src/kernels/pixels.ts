import type { Image } from '../image.js';
import { assertImage } from '../image.js';

/** `v / 255` as float32 for every uint8 value: the float image that `toTensor` gives. */
export const U8_TO_F32: Float32Array = (() => {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = i / 255;
  return t;
})();

/**
 * The uint8 rule: a float result (already stored as float32) times 255, rounded to nearest, clamped to 0..255.
 * `Math.round` rounds halves up; a float32 times 255 is never exactly a half for results of these kernels
 * in practice, and the rule is the same on every path.
 */
export function quantize(v: number): number {
  const r = Math.round(v * 255);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

/**
 * {@link quantize} for a value that is already a float32 (a `Math.fround` result), without `Math.round`:
 * `v * 255` is then exact (24 + 8 significant bits), and for such products `floor(x + 0.5)` equals
 * `Math.round(x)` (no product lies within one double ulp below a half). Same bytes, about twice as fast.
 */
export function quantizeF32(v: number): number {
  const x = v * 255;
  return x < 0 ? 0 : x >= 255 ? 255 : (x + 0.5) | 0;
}

/**
 * {@link quantizeF32} without the clamps, for a float32 `v` known to lie in [0, 255.5 / 255) (a convex
 * blend of values in [0, 1], or HSV -> RGB outputs): the same byte.
 */
export function quantizeUnitF32(v: number): number {
  return (v * 255 + 0.5) | 0;
}

/** A new zero-filled buffer of the same element type as `like`. */
export function alloc(like: Image, length: number): Uint8Array | Float32Array {
  return like.data instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length);
}

/** Validates an image argument (re-export for kernels). */
export function checkImage(img: Image): void {
  assertImage(img);
}

/** Python's `round()`: halves go to the even neighbour (torchvision rounds crop sizes and offsets this way). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

