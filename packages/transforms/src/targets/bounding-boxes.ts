import { describeValue } from '@aug/internal';
import type { CanvasSize } from './canvas-size.js';
import { checkCanvasSize, finiteFloat32 } from './canvas-size.js';
import { checkKernelOptions } from '../option-keys.js';

/**
 * How a box's four numbers are read (torchvision's `BoundingBoxFormat`): `'xyxy'` = `[x1, y1, x2, y2]`
 * (corners), `'xywh'` = `[x1, y1, width, height]` (COCO), `'cxcywh'` = `[centreX, centreY, width, height]`.
 */
export type BoundingBoxFormat = 'xyxy' | 'xywh' | 'cxcywh';

/** The formats {@link boundingBoxes} accepts, in torchvision's order. */
export const BOUNDING_BOX_FORMATS: readonly BoundingBoxFormat[] = Object.freeze(['xyxy', 'xywh', 'cxcywh'] as const);

/**
 * N axis-aligned boxes on an image of `canvasSize` (torchvision v2's `tv_tensors.BoundingBoxes`): `data`
 * holds N x 4 float32 numbers in `format`, continuous pixel-edge coordinates (a box `[0, 0, W, H]` in
 * `'xyxy'` covers the whole image). Made by {@link boundingBoxes}; kernels return new ones.
 */
export interface BoundingBoxes {
  readonly kind: 'boundingBoxes';
  /** N * 4 float32 values, box after box. */
  readonly data: Float32Array;
  readonly format: BoundingBoxFormat;
  /** `[height, width]` of the image the boxes lie on. */
  readonly canvasSize: CanvasSize;
}

/** Options of {@link boundingBoxes}. */
export interface BoundingBoxesOptions {
  format: BoundingBoxFormat;
  /** `[height, width]` of the image, positive integers. */
  canvasSize: readonly [number, number];
}

/** Checks a box format name (a TypeError naming `name` otherwise). @example `checkBoundingBoxFormat('xywh') // 'xywh'` */
export function checkBoundingBoxFormat(format: unknown, name = 'format'): BoundingBoxFormat {
  if (!BOUNDING_BOX_FORMATS.includes(format as BoundingBoxFormat)) {
    throw new TypeError(`${name} must be one of ${BOUNDING_BOX_FORMATS.map((f) => `'${f}'`).join(', ')}, got ${describeValue(format)}`);
  }
  return format as BoundingBoxFormat;
}

/**
 * Makes {@link BoundingBoxes} (torchvision v2's `tv_tensors.BoundingBoxes(data, format=, canvas_size=)`): the
 * numbers are copied into a Float32Array. Throws a `TypeError`/`RangeError` naming the argument for a length
 * that is not a multiple of 4, a NaN or infinite coordinate, an unknown format or a bad canvas size.
 * Coordinates are not clamped here (see `clampBoundingBoxes`).
 *
 * @example
 * ```ts
 * const boxes = boundingBoxes([10, 20, 50, 60], { format: 'xyxy', canvasSize: [100, 200] });
 * boxes.data; // Float32Array [10, 20, 50, 60]
 * ```
 */
export function boundingBoxes(data: ArrayLike<number>, options: BoundingBoxesOptions): BoundingBoxes {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`boundingBoxes options must be { format, canvasSize }, got ${describeValue(options)}`);
  }
  checkKernelOptions(options, 'BoundingBoxesOptions', 'boundingBoxes');
  const format = checkBoundingBoxFormat(options.format, 'format');
  const canvasSize = checkCanvasSize(options.canvasSize, 'canvasSize');
  const values = finiteFloat32(data, 'data', 4, 'N boxes x 4 coordinates');
  return Object.freeze({ kind: 'boundingBoxes', data: values, format, canvasSize });
}

/**
 * Builds boxes from values already checked (a kernel's output): no copy, no checks.
 * @example `makeBoundingBoxes(new Float32Array(4), 'xyxy', [10, 10])`
 * @internal
 */
export function makeBoundingBoxes(data: Float32Array, format: BoundingBoxFormat, canvasSize: readonly [number, number]): BoundingBoxes {
  return Object.freeze({ kind: 'boundingBoxes', data, format, canvasSize: Object.freeze([canvasSize[0], canvasSize[1]] as const) });
}

/**
 * Whether `x` is {@link BoundingBoxes} (an object whose `kind` is `'boundingBoxes'`).
 *
 * @example
 * ```ts
 * if (isBoundingBoxes(target)) console.log(target.data.length / 4, 'boxes');
 * ```
 */
export function isBoundingBoxes(x: unknown): x is BoundingBoxes {
  return x !== null && typeof x === 'object' && (x as { kind?: unknown }).kind === 'boundingBoxes';
}

/** The number of boxes. @example `boxCount(boxes) // 3` */
export function boxCount(boxes: BoundingBoxes): number {
  return boxes.data.length >> 2;
}
