import type { Image } from '../image.js';
import type { BoundingBoxes } from '../targets/bounding-boxes.js';
import type { KeyPoints } from '../targets/key-points.js';
import type { Mask } from '../targets/mask.js';
import { makeMask } from '../targets/mask.js';
import type { PlaneInto } from './mask-kernels.js';

/**
 * How one geometric operation moves targets: the output canvas, the functional kernel's move of boxes and key
 * points (torchvision v2's box and key-point kernels, with the same parameters as the image), and the image
 * kernel that moves one mask instance (a one-channel uint8 image; nearest sampling, fill 0), with a fast path
 * writing straight into the output mask where there is one.
 */
export interface TargetGeometry {
  /** `[height, width]` after the operation. */
  readonly canvas: readonly [number, number];
  /** The operation on bounding boxes (the functional kernel: corners moved, clamped after crops and warps). */
  boxes(b: BoundingBoxes): BoundingBoxes;
  /** The operation on key points (the functional kernel; not clamped). */
  keyPoints(k: KeyPoints): KeyPoints;
  /** The operation on one mask instance. */
  mask(instance: Image): Image;
  /** A fast path of `mask` writing straight into the output mask (flips, crops, zero padding). */
  maskInto?: PlaneInto;
  /** Set when the operation cannot move boxes (e.g. reflect padding, as torchvision v2): the reason. */
  readonly boxesError?: string;
}

/**
 * Boxes moved by `g` (torchvision v2's box kernels through the functional kernels): exact for flips, crops, pads
 * and resizes; the enclosing box of the moved corners for rotations, affine and perspective warps; v2's
 * approximation for elastic warps. A TypeError naming `path` when `g` cannot move boxes.
 *
 * @example `const moved = transformBoxes(boxes, hflipGeometry([h, w]));`
 */
export function transformBoxes(boxes: BoundingBoxes, g: TargetGeometry, path = 'boxes'): BoundingBoxes {
  if (g.boxesError !== undefined) throw new TypeError(`${path}: ${g.boxesError}`);
  return g.boxes(boxes);
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
  return g.keyPoints(points);
}

/**
 * `a` then `b` as one geometry (RandomCrop's padding then crop).
 * @example `composeGeometry(padGeometry(size, p, 'constant'), cropGeometry(...))`
 */
export function composeGeometry(a: TargetGeometry, b: TargetGeometry): TargetGeometry {
  return {
    canvas: b.canvas,
    boxes: (x) => b.boxes(a.boxes(x)),
    keyPoints: (x) => b.keyPoints(a.keyPoints(x)),
    mask: (img) => b.mask(a.mask(img)),
    boxesError: a.boxesError ?? b.boxesError,
  };
}
