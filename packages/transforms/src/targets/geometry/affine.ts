/**
 * Rotations and affine maps of boxes and key points: torchvision v2's `_affine_bounding_boxes_with_expand`
 * (and main's key-point twin). Each box's four corners go through the forward affine matrix, the result is
 * their enclosing axis-aligned box; with `expand` everything shifts by the minimum of the transformed canvas
 * corners onto the grown canvas; boxes are then clamped to the canvas, key points are not.
 */
import type { BoundingBoxes } from '../bounding-boxes.js';
import { makeBoundingBoxes } from '../bounding-boxes.js';
import { clampXyxyInPlace, fromXyxyInPlace, toXyxyInPlace } from '../formats.js';
import type { KeyPoints } from '../key-points.js';
import { makeKeyPoints } from '../key-points.js';

const f32 = Math.fround;

/** An affine map's parameters as the `affine` kernel takes them (angle clockwise in degrees, shear `[x, y]` degrees). */
export interface AffineParameters {
  angle: number;
  translate: readonly [number, number];
  scale: number;
  shear: readonly [number, number];
  /** Centre `[x, y]` in pixels; null = the canvas centre. */
  center: readonly [number, number] | null;
}

/**
 * The rotation-and-shear block `[a, b, c, d]` (row-major 2x2, before scale) that torchvision's
 * `_get_inverse_affine_matrix` builds for `angle` and `shear` (degrees); the forward and inverse affine
 * matrices both start from it.
 *
 * @example `rotationShear(90, [0, 0]) // [~0, -1, 1, ~0]`
 */
export function rotationShear(angle: number, shear: readonly [number, number]): [number, number, number, number] {
  const rot = (angle * Math.PI) / 180;
  const sx = (shear[0] * Math.PI) / 180;
  const sy = (shear[1] * Math.PI) / 180;
  return [
    Math.cos(rot - sy) / Math.cos(sy),
    (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot),
    Math.sin(rot - sy) / Math.cos(sy),
    (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot),
  ];
}

/**
 * torchvision's `_get_inverse_affine_matrix(..., inverted=False)`: the row-major 2x3 matrix taking input pixel
 * coordinates to output ones, for rotation `angle`, `translate`, `scale` and `shear` (degrees) about `center`
 * (absolute pixels).
 *
 * @example
 * ```ts
 * forwardAffineMatrix([16, 16], 90, [0, 0], 1, [0, 0]); // a quarter turn about (16, 16)
 * ```
 */
export function forwardAffineMatrix(
  center: readonly [number, number],
  angle: number,
  translate: readonly [number, number],
  scale: number,
  shear: readonly [number, number],
): [number, number, number, number, number, number] {
  const [cx, cy] = center;
  const [tx, ty] = translate;
  const [a, b, c, d] = rotationShear(angle, shear);
  const m: [number, number, number, number, number, number] = [a * scale, b * scale, 0, c * scale, d * scale, 0];
  m[2] = m[0] * -cx + m[1] * -cy + cx + tx;
  m[5] = m[3] * -cx + m[4] * -cy + cy + ty;
  return m;
}

/** `m` rounded to float32 (torch builds the matrix tensor in the boxes' dtype). */
function matrix32(p: AffineParameters, canvas: readonly [number, number]): number[] {
  const center = p.center ?? [canvas[1] * 0.5, canvas[0] * 0.5];
  return forwardAffineMatrix(center, p.angle, p.translate, p.scale, p.shear).map(f32);
}

/** The shift `expand` applies: the minimum x and y of the canvas corners under `m`. */
function expandShift(m: readonly number[], canvas: readonly [number, number]): [number, number] {
  const [h, w] = canvas;
  let mx = Infinity;
  let my = Infinity;
  for (const [x, y] of [[0, 0], [0, h], [w, h], [w, 0]] as const) {
    mx = Math.min(mx, f32(x * m[0]! + y * m[1]! + m[2]!));
    my = Math.min(my, f32(x * m[3]! + y * m[4]! + m[5]!));
  }
  return [mx, my];
}

/**
 * Boxes under an affine map (torchvision v2's `affine_bounding_boxes` / `rotate_bounding_boxes`, via
 * `_affine_bounding_boxes_with_expand`): the enclosing box of the four mapped corners, shifted by the
 * minimum mapped canvas corner when `outCanvas` is an expanded canvas (`expand`), clamped to `outCanvas`.
 *
 * @example
 * ```ts
 * const p = { angle: -90, translate: [0, 0], scale: 1, shear: [0, 0], center: null } as const;
 * affineBoundingBoxes(boundingBoxes([0, 0, 4, 2], { format: 'xyxy', canvasSize: [4, 4] }), p, [4, 4], false).data; // [2, 0, 4, 4]
 * ```
 */
export function affineBoundingBoxes(boxes: BoundingBoxes, p: AffineParameters, outCanvas: readonly [number, number], expand: boolean): BoundingBoxes {
  const d = new Float32Array(boxes.data);
  if (d.length === 0) return makeBoundingBoxes(d, boxes.format, outCanvas);
  const m = matrix32(p, boxes.canvasSize);
  const [sx, sy] = expand ? expandShift(m, boxes.canvasSize) : [0, 0];
  toXyxyInPlace(d, boxes.format);
  for (let i = 0; i < d.length; i += 4) {
    const xs = [d[i]!, d[i + 2]!, d[i + 2]!, d[i]!];
    const ys = [d[i + 1]!, d[i + 1]!, d[i + 3]!, d[i + 3]!];
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (let c = 0; c < 4; c++) {
      const x = f32(xs[c]! * m[0]! + ys[c]! * m[1]! + m[2]!);
      const y = f32(xs[c]! * m[3]! + ys[c]! * m[4]! + m[5]!);
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
    }
    d[i] = f32(x1 - sx);
    d[i + 1] = f32(y1 - sy);
    d[i + 2] = f32(x2 - sx);
    d[i + 3] = f32(y2 - sy);
  }
  clampXyxyInPlace(d, 'xyxy', outCanvas);
  fromXyxyInPlace(d, boxes.format);
  return makeBoundingBoxes(d, boxes.format, outCanvas);
}

/**
 * Key points under an affine map (torchvision main's `affine_keypoints` / `rotate_keypoints`): each point
 * through the forward matrix, shifted as the boxes with `expand`, on `outCanvas`, not clamped.
 *
 * @example
 * ```ts
 * const p = { angle: 0, translate: [2, 1], scale: 1, shear: [0, 0], center: null } as const;
 * affineKeyPoints(keyPoints([1, 1], { canvasSize: [4, 4] }), p, [4, 4], false).data; // [3, 2]
 * ```
 */
export function affineKeyPoints(points: KeyPoints, p: AffineParameters, outCanvas: readonly [number, number], expand: boolean): KeyPoints {
  const d = new Float32Array(points.data);
  const m = matrix32(p, points.canvasSize);
  const [sx, sy] = expand ? expandShift(m, points.canvasSize) : [0, 0];
  for (let i = 0; i < d.length; i += 2) {
    const x = d[i]!;
    const y = d[i + 1]!;
    d[i] = f32(f32(x * m[0]! + y * m[1]! + m[2]!) - sx);
    d[i + 1] = f32(f32(x * m[3]! + y * m[4]! + m[5]!) - sy);
  }
  return makeKeyPoints(d, outCanvas);
}
