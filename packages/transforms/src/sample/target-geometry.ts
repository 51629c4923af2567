import type { Image } from '../image.js';
import type { BoundingBoxes } from '../targets/bounding-boxes.js';
import { makeBoundingBoxes } from '../targets/bounding-boxes.js';
import type { KeyPoints } from '../targets/key-points.js';
import { makeKeyPoints } from '../targets/key-points.js';
import type { Mask } from '../targets/mask.js';
import { makeMask } from '../targets/mask.js';
import type { PlaneInto } from './mask-kernels.js';
import { clampXyxyInPlace, fromXyxyInPlace, toXyxyInPlace } from '../targets/formats.js';

/**
 * How one geometric operation moves targets: the output canvas, the forward map of a point (continuous
 * pixel-edge coordinates, as torchvision v2's boxes), and the image kernel that moves one mask instance
 * (a one-channel uint8 image; nearest sampling, fill 0).
 */
export interface TargetGeometry {
  /** `[height, width]` after the operation. */
  readonly canvas: readonly [number, number];
  /** The input point `(x, y)` moved by the operation. */
  point(x: number, y: number): [number, number];
  /** The operation on one mask instance. */
  mask(instance: Image): Image;
  /** A fast path of `mask` writing straight into the output mask (flips, crops, zero padding). */
  maskInto?: PlaneInto;
  /** Whether boxes are clamped to the new canvas afterwards (torchvision v2 clamps after crops and warps). */
  readonly clamp: boolean;
  /** Set when the operation cannot move boxes (e.g. reflect padding, as torchvision v2): the reason. */
  readonly boxesError?: string;
}

/**
 * Boxes moved by `g` (torchvision v2's box kernels): the four corners of each box mapped, their enclosing
 * axis-aligned box taken, clamped to the new canvas where `g.clamp`; the format is kept. Exact for flips,
 * crops, pads and resizes; the enclosing box of the moved corners for rotations, affine and perspective
 * warps; an approximation for elastic warps (as torchvision's).
 *
 * @example `const moved = transformBoxes(boxes, hflipGeometry([h, w]));`
 */
export function transformBoxes(boxes: BoundingBoxes, g: TargetGeometry, path = 'boxes'): BoundingBoxes {
  if (g.boxesError !== undefined) throw new TypeError(`${path}: ${g.boxesError}`);
  const xyxy = new Float32Array(boxes.data);
  toXyxyInPlace(xyxy, boxes.format);
  for (let i = 0; i < xyxy.length; i += 4) {
    const x1 = xyxy[i]!;
    const y1 = xyxy[i + 1]!;
    const x2 = xyxy[i + 2]!;
    const y2 = xyxy[i + 3]!;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of [[x1, y1], [x2, y1], [x2, y2], [x1, y2]] as const) {
      const [u, v] = g.point(x, y);
      if (u < minX) minX = u;
      if (u > maxX) maxX = u;
      if (v < minY) minY = v;
      if (v > maxY) maxY = v;
    }
    xyxy[i] = minX;
    xyxy[i + 1] = minY;
    xyxy[i + 2] = maxX;
    xyxy[i + 3] = maxY;
  }
  if (g.clamp) clampXyxyInPlace(xyxy, 'xyxy', g.canvas);
  fromXyxyInPlace(xyxy, boxes.format);
  return makeBoundingBoxes(xyxy, boxes.format, g.canvas);
}

/**
 * A mask moved by `g`: each instance through the operation's image kernel (nearest, fill 0).
 * @example `const moved = transformMask(m, cropGeometry([h, w], 4, 4, 24, 24));`
 */
export function transformMask(m: Mask, g: TargetGeometry): Mask {
  const [oh, ow] = g.canvas;
  const plane = m.height * m.width;
  const out = new Uint8Array(m.count * oh * ow);
  if (g.maskInto !== undefined) {
    for (let k = 0; k < m.count; k++) g.maskInto(m.data.subarray(k * plane, (k + 1) * plane), m.height, m.width, out, k * oh * ow);
    return makeMask(out, oh, ow, m.count);
  }
  for (let k = 0; k < m.count; k++) {
    const moved = g.mask({ data: m.data.subarray(k * plane, (k + 1) * plane), height: m.height, width: m.width, channels: 1 });
    if (moved.height !== oh || moved.width !== ow) {
      throw new RangeError(`mask instance ${k} came out ${moved.height}x${moved.width}, expected ${oh}x${ow} (internal error)`);
    }
    out.set(moved.data as Uint8Array, k * oh * ow);
  }
  return makeMask(out, oh, ow, m.count);
}

/**
 * Key points moved by `g` (not clamped: points may leave the canvas).
 * @example `const moved = transformKeyPoints(points, vflipGeometry([h, w]));`
 */
export function transformKeyPoints(points: KeyPoints, g: TargetGeometry): KeyPoints {
  const out = new Float32Array(points.data.length);
  for (let i = 0; i < out.length; i += 2) {
    const [x, y] = g.point(points.data[i]!, points.data[i + 1]!);
    out[i] = x;
    out[i + 1] = y;
  }
  return makeKeyPoints(out, g.canvas);
}

/**
 * `a` then `b` as one geometry (RandomCrop's padding then crop).
 * @example `composeGeometry(padGeometry(size, p, 'constant'), cropGeometry(...))`
 */
export function composeGeometry(a: TargetGeometry, b: TargetGeometry): TargetGeometry {
  return {
    canvas: b.canvas,
    point: (x, y) => {
      const [u, v] = a.point(x, y);
      return b.point(u, v);
    },
    mask: (img) => b.mask(a.mask(img)),
    clamp: a.clamp || b.clamp,
    boxesError: a.boxesError ?? b.boxesError,
  };
}
