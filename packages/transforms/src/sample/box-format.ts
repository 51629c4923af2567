import type { BoundingBoxes, BoundingBoxFormat } from '../targets/bounding-boxes.js';
import { makeBoundingBoxes } from '../targets/bounding-boxes.js';

/**
 * Box data converted to `'xyxy'` (a new Float32Array; a copy even when already `'xyxy'`). A local helper of
 * the sample path (the kernels' `convertBoundingBoxFormat` does the same on `BoundingBoxes`).
 *
 * @example `const xyxy = toXyxy(boxes.data, boxes.format);`
 */
export function toXyxy(data: Float32Array, format: BoundingBoxFormat): Float32Array {
  const out = new Float32Array(data);
  if (format === 'xyxy') return out;
  for (let i = 0; i < out.length; i += 4) {
    const a = data[i]!;
    const b = data[i + 1]!;
    const c = data[i + 2]!;
    const d = data[i + 3]!;
    if (format === 'xywh') {
      out[i + 2] = a + c;
      out[i + 3] = b + d;
    } else {
      out[i] = a - c / 2;
      out[i + 1] = b - d / 2;
      out[i + 2] = a + c / 2;
      out[i + 3] = b + d / 2;
    }
  }
  return out;
}

/**
 * `'xyxy'` box data converted to `format` (in place; returns `data`).
 * @example `fromXyxy(xyxy, 'xywh')`
 */
export function fromXyxy(data: Float32Array, format: BoundingBoxFormat): Float32Array {
  if (format === 'xyxy') return data;
  for (let i = 0; i < data.length; i += 4) {
    const x1 = data[i]!;
    const y1 = data[i + 1]!;
    const x2 = data[i + 2]!;
    const y2 = data[i + 3]!;
    if (format === 'xywh') {
      data[i + 2] = x2 - x1;
      data[i + 3] = y2 - y1;
    } else {
      data[i] = (x1 + x2) / 2;
      data[i + 1] = (y1 + y2) / 2;
      data[i + 2] = x2 - x1;
      data[i + 3] = y2 - y1;
    }
  }
  return data;
}

/**
 * Clamps `'xyxy'` data to a `[height, width]` canvas in place (torchvision v2's `clamp_bounding_boxes`).
 * @example `clampXyxy(xyxy, [h, w])`
 */
export function clampXyxy(data: Float32Array, canvas: readonly [number, number]): Float32Array {
  const [h, w] = canvas;
  for (let i = 0; i < data.length; i += 4) {
    data[i] = Math.min(Math.max(data[i]!, 0), w);
    data[i + 1] = Math.min(Math.max(data[i + 1]!, 0), h);
    data[i + 2] = Math.min(Math.max(data[i + 2]!, 0), w);
    data[i + 3] = Math.min(Math.max(data[i + 3]!, 0), h);
  }
  return data;
}

/**
 * Boxes in another format (torchvision v2's `convert_bounding_box_format`).
 * @example `convertBoxes(boxes, 'xyxy')`
 */
export function convertBoxes(boxes: BoundingBoxes, format: BoundingBoxFormat): BoundingBoxes {
  if (boxes.format === format) return boxes;
  return makeBoundingBoxes(fromXyxy(toXyxy(boxes.data, boxes.format), format), format, boxes.canvasSize);
}

/**
 * Boxes clamped to their canvas, in their own format (torchvision v2's `clamp_bounding_boxes`).
 * @example `clampBoxes(boxes)`
 */
export function clampBoxes(boxes: BoundingBoxes): BoundingBoxes {
  const xyxy = clampXyxy(toXyxy(boxes.data, boxes.format), boxes.canvasSize);
  return makeBoundingBoxes(fromXyxy(xyxy, boxes.format), boxes.format, boxes.canvasSize);
}
