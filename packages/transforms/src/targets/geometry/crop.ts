/**
 * Crops, pads and resizes of boxes and key points (torchvision v2's `crop_bounding_boxes`,
 * `pad_bounding_boxes`, `resize_bounding_boxes` and the key-point kernels), float32 as torch.
 */
import type { BoundingBoxes } from '../bounding-boxes.js';
import { makeBoundingBoxes } from '../bounding-boxes.js';
import { clampXyxyInPlace } from '../formats.js';
import type { KeyPoints } from '../key-points.js';
import { makeKeyPoints } from '../key-points.js';

const f32 = Math.fround;

/** Adds `[dx, dy]` to the positions (x1/y1 of every format, and x2/y2 of `'xyxy'`) of box data, in float32. */
function shiftBoxes(boxes: BoundingBoxes, dx: number, dy: number): Float32Array {
  const d = new Float32Array(boxes.data);
  const both = boxes.format === 'xyxy';
  for (let i = 0; i < d.length; i += 4) {
    d[i] = f32(d[i]! + dx);
    d[i + 1] = f32(d[i + 1]! + dy);
    if (both) {
      d[i + 2] = f32(d[i + 2]! + dx);
      d[i + 3] = f32(d[i + 3]! + dy);
    }
  }
  return d;
}

/**
 * Boxes after cutting the window (`top`, `left`, `height`, `width`) out of their canvas (torchvision v2's
 * `crop_bounding_boxes`): shifted by `-left`/`-top`, on a `[height, width]` canvas, clamped to it (boxes
 * partly outside are cut, boxes wholly outside become zero-size).
 *
 * @example
 * ```ts
 * cropBoundingBoxes(boundingBoxes([2, 2, 8, 8], { format: 'xyxy', canvasSize: [10, 10] }), 4, 4, 6, 6).data; // [0, 0, 4, 4]
 * ```
 */
export function cropBoundingBoxes(boxes: BoundingBoxes, top: number, left: number, height: number, width: number): BoundingBoxes {
  const d = shiftBoxes(boxes, -left, -top);
  clampXyxyInPlace(d, boxes.format, [height, width]);
  return makeBoundingBoxes(d, boxes.format, [height, width]);
}

/**
 * Key points after a crop: shifted by `-left`/`-top` on a `[height, width]` canvas, not clamped (torchvision
 * main's `crop_keypoints`; points outside stay outside, `SanitizeKeyPoints`-style filtering is the caller's).
 *
 * @example
 * ```ts
 * cropKeyPoints(keyPoints([5, 5], { canvasSize: [10, 10] }), 4, 4, 6, 6).data; // [1, 1]
 * ```
 */
export function cropKeyPoints(points: KeyPoints, top: number, left: number, height: number, width: number): KeyPoints {
  const d = new Float32Array(points.data);
  for (let i = 0; i < d.length; i += 2) {
    d[i] = f32(d[i]! - left);
    d[i + 1] = f32(d[i + 1]! - top);
  }
  return makeKeyPoints(d, [height, width]);
}

/**
 * Boxes after padding their canvas by `[left, top, right, bottom]` (torchvision v2's `pad_bounding_boxes`,
 * constant mode): shifted by `left`/`top`, the canvas grown, clamped to it.
 *
 * @example
 * ```ts
 * padBoundingBoxes(boundingBoxes([0, 0, 4, 4], { format: 'xyxy', canvasSize: [4, 4] }), [1, 2, 3, 4]).canvasSize; // [10, 8]
 * ```
 */
export function padBoundingBoxes(boxes: BoundingBoxes, padding: readonly [number, number, number, number]): BoundingBoxes {
  const [l, t, r, b] = padding;
  const size: [number, number] = [boxes.canvasSize[0] + t + b, boxes.canvasSize[1] + l + r];
  const d = shiftBoxes(boxes, l, t);
  clampXyxyInPlace(d, boxes.format, size);
  return makeBoundingBoxes(d, boxes.format, size);
}

/**
 * Key points after padding by `[left, top, right, bottom]`: shifted by `left`/`top`, the canvas grown.
 *
 * @example
 * ```ts
 * padKeyPoints(keyPoints([1, 1], { canvasSize: [4, 4] }), [2, 2, 2, 2]).data; // [3, 3]
 * ```
 */
export function padKeyPoints(points: KeyPoints, padding: readonly [number, number, number, number]): KeyPoints {
  const [l, t, r, b] = padding;
  const d = new Float32Array(points.data);
  for (let i = 0; i < d.length; i += 2) {
    d[i] = f32(d[i]! + l);
    d[i + 1] = f32(d[i + 1]! + t);
  }
  return makeKeyPoints(d, [points.canvasSize[0] + t + b, points.canvasSize[1] + l + r]);
}

/**
 * Boxes after resizing their canvas to `[height, width]` (torchvision v2's `resize_bounding_boxes`): every
 * coordinate times `newWidth / oldWidth` (x, width) or `newHeight / oldHeight` (y, height), the ratios rounded
 * to float32 as torch's ratio tensor. Not clamped (a resize keeps boxes inside).
 *
 * @example
 * ```ts
 * resizeBoundingBoxes(boundingBoxes([1, 1, 2, 3], { format: 'xyxy', canvasSize: [4, 4] }), [8, 2]).data; // [0.5, 2, 1, 6]
 * ```
 */
export function resizeBoundingBoxes(boxes: BoundingBoxes, size: readonly [number, number]): BoundingBoxes {
  const [oh, ow] = boxes.canvasSize;
  const [nh, nw] = size;
  if (nh === oh && nw === ow) return makeBoundingBoxes(new Float32Array(boxes.data), boxes.format, boxes.canvasSize);
  const rx = f32(nw / ow);
  const ry = f32(nh / oh);
  const d = new Float32Array(boxes.data);
  for (let i = 0; i < d.length; i++) d[i] = f32(d[i]! * ((i & 1) === 0 ? rx : ry));
  return makeBoundingBoxes(d, boxes.format, [nh, nw]);
}

/**
 * Key points after resizing their canvas to `[height, width]`: `x` times `newWidth / oldWidth`, `y` times
 * `newHeight / oldHeight` (torchvision main's `resize_keypoints`).
 *
 * @example
 * ```ts
 * resizeKeyPoints(keyPoints([1, 1], { canvasSize: [4, 4] }), [8, 2]).data; // [0.5, 2]
 * ```
 */
export function resizeKeyPoints(points: KeyPoints, size: readonly [number, number]): KeyPoints {
  const [oh, ow] = points.canvasSize;
  const [nh, nw] = size;
  const rx = f32(nw / ow);
  const ry = f32(nh / oh);
  const d = new Float32Array(points.data);
  if (nh !== oh || nw !== ow) {
    for (let i = 0; i < d.length; i += 2) {
      d[i] = f32(d[i]! * rx);
      d[i + 1] = f32(d[i + 1]! * ry);
    }
  }
  return makeKeyPoints(d, [nh, nw]);
}
