import { assertInteger, assertPositiveInteger, describeValue } from '@aug/internal';

/**
 * Segmentation masks (torchvision v2's `tv_tensors.Mask`): `count` planes of `height` x `width` uint8
 * values, plane after plane (`[count, height, width]`, row-major). One plane per instance (0/1 or 0/255) or
 * one plane of class indices. Made by {@link mask}.
 */
export interface Mask {
  readonly kind: 'mask';
  /** `count * height * width` values. */
  readonly data: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/**
 * Makes a {@link Mask} of `count` planes (default 1) of `height` x `width` (torchvision v2's `tv_tensors.Mask`):
 * the values are copied into a Uint8Array. Throws a `TypeError`/`RangeError` naming the argument when the
 * length is not `count * height * width`, a value is not an integer in 0..255, or a size is not a positive
 * integer (`count` may be 0: no instances).
 *
 * @example
 * ```ts
 * const m = mask([0, 1, 1, 0], 2, 2); // one 2x2 plane
 * const two = mask(new Uint8Array(2 * 32 * 32), 32, 32, 2); // two instances
 * ```
 */
export function mask(data: ArrayLike<number>, height: number, width: number, count = 1): Mask {
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  assertInteger(count, 'count', { min: 0 });
  if (data === null || typeof data !== 'object' || typeof (data as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`data must be an array or typed array of integers in 0..255, got ${describeValue(data)}`);
  }
  const expected = count * height * width;
  if (data.length !== expected) {
    throw new RangeError(`data has length ${data.length}, expected count*height*width = ${count}*${height}*${width} = ${expected}`);
  }
  let out: Uint8Array;
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) {
    out = new Uint8Array(data);
  } else {
    out = new Uint8Array(expected);
    for (let i = 0; i < expected; i++) {
      const v: unknown = data[i];
      if (typeof v !== 'number') throw new TypeError(`data[${i}] must be an integer in 0..255, got ${describeValue(v)}`);
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`data[${i}] must be an integer in 0..255, got ${describeValue(v)}`);
      out[i] = v;
    }
  }
  return Object.freeze({ kind: 'mask', data: out, count, height, width });
}

/**
 * Builds a mask from values already checked (a kernel's output): no copy, no checks.
 * @example `makeMask(new Uint8Array(16), 4, 4, 1)`
 * @internal
 */
export function makeMask(data: Uint8Array, height: number, width: number, count: number): Mask {
  return Object.freeze({ kind: 'mask', data, count, height, width });
}

/**
 * Whether `x` is a {@link Mask} (an object whose `kind` is `'mask'`).
 *
 * @example
 * ```ts
 * if (isMask(target)) console.log(target.count, 'instances');
 * ```
 */
export function isMask(x: unknown): x is Mask {
  return x !== null && typeof x === 'object' && (x as { kind?: unknown }).kind === 'mask';
}
