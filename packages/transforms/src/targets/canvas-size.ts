import { describeValue } from '@aug/internal';

/** A canvas size `[height, width]` in pixels, as torchvision's `canvas_size`. */
export type CanvasSize = readonly [number, number];

/**
 * Checks a canvas size: `[height, width]`, two positive safe integers. Returns a frozen copy.
 * Throws a `TypeError` (not a pair of numbers) or `RangeError` (not positive integers) naming `name`.
 *
 * @example
 * ```ts
 * checkCanvasSize([480, 640], 'canvasSize'); // [480, 640]
 * ```
 */
export function checkCanvasSize(size: unknown, name = 'canvasSize'): CanvasSize {
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => typeof v === 'number')) {
    throw new TypeError(`${name} must be [height, width] (two positive integers), got ${describeValue(size)}`);
  }
  const [h, w] = size as [number, number];
  if (!Number.isSafeInteger(h) || !Number.isSafeInteger(w) || h < 1 || w < 1) {
    throw new RangeError(`${name} must be [height, width] with positive integer sizes, got ${describeValue(size)}`);
  }
  return Object.freeze([h, w] as const);
}

/**
 * Copies `data` into a new Float32Array, checking that it holds a multiple of `multiple` numbers and that every
 * value is finite (also after rounding to float32); errors name `name` and say `what` the numbers are.
 *
 * @example
 * ```ts
 * finiteFloat32([1, 2, 3, 4], 'data', 4, 'N boxes x 4 coordinates'); // Float32Array [1, 2, 3, 4]
 * ```
 */
export function finiteFloat32(data: unknown, name: string, multiple: number, what: string): Float32Array {
  if (data === null || typeof data !== 'object' || typeof (data as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`${name} must be an array or typed array of numbers (${what}), got ${describeValue(data)}`);
  }
  const src = data as ArrayLike<unknown>;
  if (src.length % multiple !== 0) {
    throw new RangeError(`${name} must hold a multiple of ${multiple} numbers (${what}), got ${src.length} values`);
  }
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (typeof v !== 'number') throw new TypeError(`${name}[${i}] must be a number, got ${describeValue(v)}`);
    const f = Math.fround(v);
    if (!Number.isFinite(f)) {
      throw new RangeError(`${name}[${i}] must be a finite coordinate (float32), got ${describeValue(v)}`);
    }
    out[i] = f;
  }
  return out;
}
