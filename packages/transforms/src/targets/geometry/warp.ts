/**
 * Perspective and elastic maps of boxes and key points: torchvision v2's `perspective_bounding_boxes` and
 * `elastic_bounding_boxes` (and main's key-point twins). Boxes are clamped to the canvas, key points are not.
 */
import { describeValue } from '@aug/internal';
import { linspace32 } from '../../kernels/blur.js';
import type { BoundingBoxes } from '../bounding-boxes.js';
import { makeBoundingBoxes } from '../bounding-boxes.js';
import { clampXyxyInPlace, fromXyxyInPlace, toXyxyInPlace } from '../formats.js';
import type { KeyPoints } from '../key-points.js';
import { makeKeyPoints } from '../key-points.js';

const f32 = Math.fround;

/**
 * The inverse of the perspective coefficients (which map output points to input points, as
 * `_get_perspective_coeffs`): the 8 coefficients of the map from input to output, torchvision v2's closed form
 * (the adjugate of the 3x3 matrix, normalised by `c0 c4 - c1 c3`). Throws a RangeError when that is 0.
 *
 * @example
 * ```ts
 * invertPerspectiveCoeffs([1, 0, 2, 0, 1, 3, 0, 0]); // [1, 0, -2, 0, 1, -3, 0, 0]
 * ```
 */
export function invertPerspectiveCoeffs(c: readonly number[]): number[] {
  const [c0, c1, c2, c3, c4, c5, c6, c7] = c as [number, number, number, number, number, number, number, number];
  const denom = c0 * c4 - c1 * c3;
  if (denom === 0) {
    throw new RangeError(`perspective coefficients ${describeValue(c)} cannot be inverted to move boxes or key points (c0*c4 - c1*c3 = 0)`);
  }
  return [
    (c4 - c5 * c7) / denom,
    (-c1 + c2 * c7) / denom,
    (c1 * c5 - c2 * c4) / denom,
    (-c3 + c5 * c6) / denom,
    (c0 - c2 * c6) / denom,
    (-c0 * c5 + c2 * c3) / denom,
    (-c4 * c6 + c3 * c7) / denom,
    (-c0 * c7 + c1 * c6) / denom,
  ];
}

/** A point through the inverse coefficients `v` (float32 as torch's theta tensors). */
function project(v: readonly number[], x: number, y: number): [number, number] {
  const nx = f32(x * v[0]! + y * v[1]! + v[2]!);
  const ny = f32(x * v[3]! + y * v[4]! + v[5]!);
  const den = f32(x * v[6]! + y * v[7]! + 1);
  return [f32(nx / den), f32(ny / den)];
}

/** Rewrites xyxy data: each box becomes the enclosing box of its four corners under `map`. */
function mapCorners(d: Float32Array, map: (x: number, y: number) => [number, number]): void {
  for (let i = 0; i < d.length; i += 4) {
    const xs = [d[i]!, d[i + 2]!, d[i + 2]!, d[i]!];
    const ys = [d[i + 1]!, d[i + 1]!, d[i + 3]!, d[i + 3]!];
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (let c = 0; c < 4; c++) {
      const [x, y] = map(xs[c]!, ys[c]!);
      x1 = Math.min(x1, x);
      x2 = Math.max(x2, x);
      y1 = Math.min(y1, y);
      y2 = Math.max(y2, y);
    }
    d[i] = x1;
    d[i + 1] = y1;
    d[i + 2] = x2;
    d[i + 3] = y2;
  }
}

/**
 * Boxes under the perspective warp with coefficients `coeffs` (output -> input, as the image kernel takes
 * them; torchvision v2's `perspective_bounding_boxes`): corners through the inverse map, enclosing box,
 * clamped to the canvas.
 *
 * @example
 * ```ts
 * perspectiveBoundingBoxes(boxes, perspectiveCoeffs(startpoints, endpoints));
 * ```
 */
export function perspectiveBoundingBoxes(boxes: BoundingBoxes, coeffs: readonly number[]): BoundingBoxes {
  const d = new Float32Array(boxes.data);
  if (d.length === 0) return makeBoundingBoxes(d, boxes.format, boxes.canvasSize);
  const v = invertPerspectiveCoeffs(coeffs).map(f32);
  toXyxyInPlace(d, boxes.format);
  mapCorners(d, (x, y) => project(v, x, y));
  clampXyxyInPlace(d, 'xyxy', boxes.canvasSize);
  fromXyxyInPlace(d, boxes.format);
  return makeBoundingBoxes(d, boxes.format, boxes.canvasSize);
}

/**
 * Key points under the perspective warp with coefficients `coeffs` (torchvision main's `perspective_keypoints`):
 * each point through the inverse map, not clamped.
 *
 * @example
 * ```ts
 * perspectiveKeyPoints(points, perspectiveCoeffs(startpoints, endpoints));
 * ```
 */
export function perspectiveKeyPoints(points: KeyPoints, coeffs: readonly number[]): KeyPoints {
  const d = new Float32Array(points.data);
  if (d.length > 0) {
    const v = invertPerspectiveCoeffs(coeffs).map(f32);
    for (let i = 0; i < d.length; i += 2) [d[i], d[i + 1]] = project(v, d[i]!, d[i + 1]!);
  }
  return makeKeyPoints(d, points.canvasSize);
}

/**
 * torchvision v2's approximate inverse of an elastic displacement at a point: the point rounded up to a pixel
 * index (clamped to the canvas, so edges at `W`/`H` read the last pixel; v2 itself would index out of
 * range there), then `(identity - displacement + 1) * size / 2 - 0.5` at that pixel, i.e. `j - dx * W / 2`
 * for pixel `j`, in float32 with the identity grid of `_create_identity_grid` (a float32 linspace).
 */
function elasticMap(displacement: ArrayLike<number>, h: number, w: number): (x: number, y: number) => [number, number] {
  const xs = linspace32((-w + 1) / w, (w - 1) / w, w);
  const ys = linspace32((-h + 1) / h, (h - 1) / h, h);
  const hw = f32(0.5 * w);
  const hh = f32(0.5 * h);
  return (x, y) => {
    const j = Math.min(Math.max(Math.ceil(x), 0), w - 1);
    const i = Math.min(Math.max(Math.ceil(y), 0), h - 1);
    const p = (i * w + j) * 2;
    const gx = f32(xs[j]! - f32(displacement[p]!));
    const gy = f32(ys[i]! - f32(displacement[p + 1]!));
    return [f32(f32(f32(gx + 1) * hw) - 0.5), f32(f32(f32(gy + 1) * hh) - 0.5)];
  };
}

/**
 * Boxes under an elastic displacement field (torchvision v2's `elastic_bounding_boxes`): each corner is
 * rounded up to a pixel and moved by minus the displacement there (v2's `identity - displacement`
 * approximation of the inverse map), the enclosing box clamped to the canvas. `displacement` is the image
 * kernel's: `height * width * 2` normalised `[dx, dy]` values.
 *
 * @example
 * ```ts
 * elasticBoundingBoxes(boxes, ElasticTransform.getParams([50, 50], [5, 5], boxes.canvasSize, rng));
 * ```
 */
export function elasticBoundingBoxes(boxes: BoundingBoxes, displacement: ArrayLike<number>): BoundingBoxes {
  const [h, w] = boxes.canvasSize;
  const d = new Float32Array(boxes.data);
  if (d.length === 0) return makeBoundingBoxes(d, boxes.format, boxes.canvasSize);
  toXyxyInPlace(d, boxes.format);
  mapCorners(d, elasticMap(displacement, h, w));
  clampXyxyInPlace(d, 'xyxy', boxes.canvasSize);
  fromXyxyInPlace(d, boxes.format);
  return makeBoundingBoxes(d, boxes.format, boxes.canvasSize);
}

/**
 * Key points under an elastic displacement field: each point moved as a box corner in
 * {@link elasticBoundingBoxes}, not clamped.
 *
 * @example
 * ```ts
 * elasticKeyPoints(points, displacement);
 * ```
 */
export function elasticKeyPoints(points: KeyPoints, displacement: ArrayLike<number>): KeyPoints {
  const [h, w] = points.canvasSize;
  const d = new Float32Array(points.data);
  const map = elasticMap(displacement, h, w);
  for (let i = 0; i < d.length; i += 2) [d[i], d[i + 1]] = map(d[i]!, d[i + 1]!);
  return makeKeyPoints(d, points.canvasSize);
}
