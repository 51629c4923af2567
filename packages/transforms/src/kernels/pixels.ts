import type { Image } from '../image.js';

// The float -> uint8 rule itself (`toUint8`: x255, rounded to nearest, clamped) and the uint8 -> float
// table (`UINT8_TO_UNIT`) are @aug/internal's; the two functions below are the same rule for float32
// inputs, written for the hot loops.

/**
 * `toUint8` (@aug/internal) for a value that is already a float32 (a `Math.fround` result), without `Math.round`:
 * `v * 255` is then exact (24 + 8 significant bits), and for such products `floor(x + 0.5)` equals
 * `Math.round(x)` (no product lies within one double ulp below a half). Same bytes, without the `Math.round` call.
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

/** `v` clamped to [0, 1] (NaN stays NaN). */
export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** A new zero-filled buffer of the same element type as `like`. */
export function alloc(like: Image, length: number): Uint8Array | Float32Array {
  return like.data instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length);
}

/** Python's `round()`: halves go to the even neighbour (torchvision rounds crop sizes and offsets this way). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

