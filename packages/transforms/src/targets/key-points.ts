import { describeValue } from '@aug/internal';
import type { CanvasSize } from './canvas-size.js';
import { checkCanvasSize, finiteFloat32 } from './canvas-size.js';
import { checkKernelOptions } from '../option-keys.js';

/**
 * N points on an image of `canvasSize` (torchvision v2's `tv_tensors.KeyPoints`): `data` holds N x 2 float32
 * `[x, y]` values in continuous pixel-edge coordinates. Made by {@link keyPoints}.
 */
export interface KeyPoints {
  readonly kind: 'keyPoints';
  /** N * 2 float32 values, `[x, y]` after `[x, y]`. */
  readonly data: Float32Array;
  /** `[height, width]` of the image the points lie on. */
  readonly canvasSize: CanvasSize;
}

/** Options of {@link keyPoints}. */
export interface KeyPointsOptions {
  /** `[height, width]` of the image, positive integers. */
  canvasSize: readonly [number, number];
}

/**
 * Makes {@link KeyPoints} (torchvision v2's `tv_tensors.KeyPoints(data, canvas_size=)`): the numbers are copied
 * into a Float32Array. Throws a `TypeError`/`RangeError` naming the argument for an odd length, a NaN or
 * infinite coordinate, or a bad canvas size.
 *
 * @example
 * ```ts
 * const pts = keyPoints([12, 30, 40, 8], { canvasSize: [64, 64] }); // two points
 * ```
 */
export function keyPoints(data: ArrayLike<number>, options: KeyPointsOptions): KeyPoints {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`keyPoints options must be { canvasSize }, got ${describeValue(options)}`);
  }
  checkKernelOptions(options, 'KeyPointsOptions', 'keyPoints');
  const canvasSize = checkCanvasSize(options.canvasSize, 'canvasSize');
  const values = finiteFloat32(data, 'data', 2, 'N points x [x, y]');
  return Object.freeze({ kind: 'keyPoints', data: values, canvasSize });
}

/**
 * Builds key points from values already checked (a kernel's output): no copy, no checks.
 * @example `makeKeyPoints(new Float32Array(2), [10, 10])`
 * @internal
 */
export function makeKeyPoints(data: Float32Array, canvasSize: readonly [number, number]): KeyPoints {
  return Object.freeze({ kind: 'keyPoints', data, canvasSize: Object.freeze([canvasSize[0], canvasSize[1]] as const) });
}

/**
 * Whether `x` is {@link KeyPoints} (an object whose `kind` is `'keyPoints'`).
 *
 * @example
 * ```ts
 * if (isKeyPoints(target)) console.log(target.data.length / 2, 'points');
 * ```
 */
export function isKeyPoints(x: unknown): x is KeyPoints {
  return x !== null && typeof x === 'object' && (x as { kind?: unknown }).kind === 'keyPoints';
}
