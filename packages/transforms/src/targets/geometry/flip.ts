/**
 * Flips of boxes and key points (torchvision v2's `horizontal_flip_bounding_boxes` / `vertical_flip_bounding_boxes`
 * and the key-point kernels), float32 as torch: `x -> W - x` (pixel-edge coordinates).
 */
import type { BoundingBoxes } from '../bounding-boxes.js';
import { makeBoundingBoxes } from '../bounding-boxes.js';
import type { KeyPoints } from '../key-points.js';
import { makeKeyPoints } from '../key-points.js';

const f32 = Math.fround;

/**
 * Mirrors boxes left to right on their canvas: in `'xyxy'` `[W - x2, y1, W - x1, y2]`, in `'xywh'`
 * `x1 -> W - (x1 + w)`, in `'cxcywh'` `cx -> W - cx` (torchvision v2's `horizontal_flip_bounding_boxes`).
 *
 * @example
 * ```ts
 * hflipBoundingBoxes(boundingBoxes([1, 2, 4, 6], { format: 'xyxy', canvasSize: [10, 10] })).data; // [6, 2, 9, 6]
 * ```
 */
export function hflipBoundingBoxes(boxes: BoundingBoxes): BoundingBoxes {
  return flipBoxes(boxes, 0, boxes.canvasSize[1]);
}

/**
 * Mirrors boxes top to bottom on their canvas (torchvision v2's `vertical_flip_bounding_boxes`).
 *
 * @example
 * ```ts
 * vflipBoundingBoxes(boundingBoxes([1, 2, 4, 6], { format: 'xyxy', canvasSize: [10, 10] })).data; // [1, 4, 4, 8]
 * ```
 */
export function vflipBoundingBoxes(boxes: BoundingBoxes): BoundingBoxes {
  return flipBoxes(boxes, 1, boxes.canvasSize[0]);
}

function flipBoxes(boxes: BoundingBoxes, axis: 0 | 1, size: number): BoundingBoxes {
  const d = new Float32Array(boxes.data);
  for (let i = axis; i < d.length; i += 4) {
    if (boxes.format === 'xyxy') {
      const lo = d[i]!;
      d[i] = f32(-f32(d[i + 2]! - size));
      d[i + 2] = f32(-f32(lo - size));
    } else if (boxes.format === 'xywh') {
      d[i] = f32(-f32(f32(d[i]! + d[i + 2]!) - size));
    } else {
      d[i] = f32(-f32(d[i]! - size));
    }
  }
  return makeBoundingBoxes(d, boxes.format, boxes.canvasSize);
}

/**
 * Mirrors key points left to right: `x -> W - x` (pixel-edge coordinates, as the boxes; not clamped).
 *
 * @example
 * ```ts
 * hflipKeyPoints(keyPoints([1.5, 2], { canvasSize: [10, 10] })).data; // [8.5, 2]
 * ```
 */
export function hflipKeyPoints(points: KeyPoints): KeyPoints {
  return flipPoints(points, 0, points.canvasSize[1]);
}

/**
 * Mirrors key points top to bottom: `y -> H - y`.
 *
 * @example
 * ```ts
 * vflipKeyPoints(keyPoints([1.5, 2], { canvasSize: [10, 10] })).data; // [1.5, 8]
 * ```
 */
export function vflipKeyPoints(points: KeyPoints): KeyPoints {
  return flipPoints(points, 1, points.canvasSize[0]);
}

function flipPoints(points: KeyPoints, axis: 0 | 1, size: number): KeyPoints {
  const d = new Float32Array(points.data);
  for (let i = axis; i < d.length; i += 2) d[i] = f32(-f32(d[i]! - size));
  return makeKeyPoints(d, points.canvasSize);
}
