/**
 * Box formats: torchvision v2's `convert_bounding_box_format` and `clamp_bounding_boxes` (functional), and
 * converters for the formats people exchange boxes in.
 *
 * The arithmetic is torchvision's on float32 tensors, step by step (each step rounded to float32 as torch
 * does), so the numbers equal torchvision's bit for bit:
 * - `'xywh'` -> `'xyxy'`: `x2 = x1 + w`, `y2 = y1 + h`.
 * - `'xyxy'` -> `'xywh'`: `w = x2 - x1`, `h = y2 - y1`.
 * - `'cxcywh'` -> `'xyxy'`: `x1 = cx - |w / -2|`, then `x2 = x1 + w` (torchvision's order of operations).
 * - `'xyxy'` -> `'cxcywh'`: `w = x2 - x1`, then `cx = (x1 * 2 + w) / 2`.
 * - any other pair goes through `'xyxy'`.
 *
 * Exchange formats (all in continuous pixel-edge coordinates, as aug's boxes):
 * - COCO `bbox`: `[x, y, width, height]` in pixels = `'xywh'`.
 * - Pascal VOC `bndbox`: `[xmin, ymin, xmax, ymax]` in pixels = `'xyxy'` (the same numbers, as albumentations'
 *   `pascal_voc`; VOC's XML counts pixels from 1, subtract 1 from xmin/ymin yourself if you need that).
 * - YOLO labels: `[cx, cy, width, height]` divided by the image width (x, width) and height (y, height) =
 *   `'cxcywh'` normalised to [0, 1].
 */
import { describeValue } from '@aug/internal';
import type { BoundingBoxes, BoundingBoxFormat } from './bounding-boxes.js';
import { boundingBoxes, checkBoundingBoxFormat, isBoundingBoxes, makeBoundingBoxes } from './bounding-boxes.js';
import { checkCanvasSize, finiteFloat32 } from './canvas-size.js';

const f32 = Math.fround;

/** Checks that `boxes` is {@link BoundingBoxes} (a TypeError naming `name` otherwise). @example `assertBoundingBoxes(input)` */
export function assertBoundingBoxes(boxes: unknown, name = 'boxes'): asserts boxes is BoundingBoxes {
  if (!isBoundingBoxes(boxes)) {
    throw new TypeError(`${name} must be BoundingBoxes (made by boundingBoxes(data, { format, canvasSize })), got ${describeValue(boxes)}`);
  }
}

/** Rewrites `d` (N x 4, float32) from `from` to `'xyxy'` in place, torchvision's steps. @example `toXyxyInPlace(d, 'xywh')` */
export function toXyxyInPlace(d: Float32Array, from: BoundingBoxFormat): void {
  if (from === 'xyxy') return;
  for (let i = 0; i < d.length; i += 4) {
    if (from === 'xywh') {
      d[i + 2] = f32(d[i + 2]! + d[i]!);
      d[i + 3] = f32(d[i + 3]! + d[i + 1]!);
    } else {
      const w = d[i + 2]!;
      const h = d[i + 3]!;
      const x1 = f32(d[i]! - Math.abs(f32(w / -2)));
      const y1 = f32(d[i + 1]! - Math.abs(f32(h / -2)));
      d[i] = x1;
      d[i + 1] = y1;
      d[i + 2] = f32(w + x1);
      d[i + 3] = f32(h + y1);
    }
  }
}

/** Rewrites `d` (N x 4, float32) from `'xyxy'` to `to` in place, torchvision's steps. @example `fromXyxyInPlace(d, 'cxcywh')` */
export function fromXyxyInPlace(d: Float32Array, to: BoundingBoxFormat): void {
  if (to === 'xyxy') return;
  for (let i = 0; i < d.length; i += 4) {
    const w = f32(d[i + 2]! - d[i]!);
    const h = f32(d[i + 3]! - d[i + 1]!);
    d[i + 2] = w;
    d[i + 3] = h;
    if (to === 'cxcywh') {
      d[i] = f32(f32(f32(d[i]! * 2) + w) / 2);
      d[i + 1] = f32(f32(f32(d[i + 1]! * 2) + h) / 2);
    }
  }
}

/**
 * The same boxes in another format (torchvision v2's `F.convert_bounding_box_format(boxes, new_format=)`), with
 * torchvision's float32 arithmetic (see the module notes). Returns a new object; the input is not changed.
 *
 * @example
 * ```ts
 * const b = boundingBoxes([10, 20, 30, 40], { format: 'xywh', canvasSize: [100, 100] });
 * convertBoundingBoxFormat(b, 'xyxy').data; // Float32Array [10, 20, 40, 60]
 * ```
 */
export function convertBoundingBoxFormat(boxes: BoundingBoxes, format: BoundingBoxFormat): BoundingBoxes {
  assertBoundingBoxes(boxes);
  const to = checkBoundingBoxFormat(format, 'format');
  const d = new Float32Array(boxes.data);
  if (to !== boxes.format) {
    toXyxyInPlace(d, boxes.format);
    fromXyxyInPlace(d, to);
  }
  return makeBoundingBoxes(d, to, boxes.canvasSize);
}

/**
 * Clamps boxes to their canvas (torchvision v2's `F.clamp_bounding_boxes`): in `'xyxy'`, `x` to `[0, width]`
 * and `y` to `[0, height]`, then back to the boxes' format. A box wholly outside becomes a zero-size box on
 * the border (`SanitizeBoundingBoxes` removes those).
 *
 * @example
 * ```ts
 * const b = boundingBoxes([-5, 10, 120, 40], { format: 'xyxy', canvasSize: [50, 100] });
 * clampBoundingBoxes(b).data; // Float32Array [0, 10, 100, 40]
 * ```
 */
export function clampBoundingBoxes(boxes: BoundingBoxes): BoundingBoxes {
  assertBoundingBoxes(boxes);
  const d = new Float32Array(boxes.data);
  clampXyxyInPlace(d, boxes.format, boxes.canvasSize);
  return makeBoundingBoxes(d, boxes.format, boxes.canvasSize);
}

/** {@link clampBoundingBoxes} on raw data in `format`, in place. @example `clampXyxyInPlace(d, 'xyxy', [h, w])` */
export function clampXyxyInPlace(d: Float32Array, format: BoundingBoxFormat, canvasSize: readonly [number, number]): void {
  const [h, w] = canvasSize;
  toXyxyInPlace(d, format);
  for (let i = 0; i < d.length; i += 4) {
    d[i] = Math.min(Math.max(d[i]!, 0), w);
    d[i + 1] = Math.min(Math.max(d[i + 1]!, 0), h);
    d[i + 2] = Math.min(Math.max(d[i + 2]!, 0), w);
    d[i + 3] = Math.min(Math.max(d[i + 3]!, 0), h);
  }
  fromXyxyInPlace(d, format);
}

/**
 * Boxes from COCO annotations' `bbox` values (`[x, y, width, height]` in pixels, N x 4 flattened) on an image
 * of `canvasSize` `[height, width]`: {@link BoundingBoxes} in `'xywh'`.
 *
 * @example
 * ```ts
 * const b = boundingBoxesFromCoco(anns.flatMap((a) => a.bbox), [img.height, img.width]);
 * const xyxy = convertBoundingBoxFormat(b, 'xyxy');
 * ```
 */
export function boundingBoxesFromCoco(data: ArrayLike<number>, canvasSize: readonly [number, number]): BoundingBoxes {
  return boundingBoxes(data, { format: 'xywh', canvasSize });
}

/**
 * Boxes as COCO's `bbox` values: `[x, y, width, height]` in pixels, N x 4 flattened.
 *
 * @example
 * ```ts
 * const bbox = Array.from(boundingBoxesToCoco(boxes).subarray(0, 4)); // the first box
 * ```
 */
export function boundingBoxesToCoco(boxes: BoundingBoxes): Float32Array {
  return convertBoundingBoxFormat(boxes, 'xywh').data;
}

/**
 * Boxes from Pascal VOC `bndbox` values (`[xmin, ymin, xmax, ymax]` in pixels, N x 4 flattened) on an image of
 * `canvasSize` `[height, width]`: {@link BoundingBoxes} in `'xyxy'`.
 *
 * @example
 * ```ts
 * const b = boundingBoxesFromVoc([48, 240, 195, 371], [500, 353]);
 * ```
 */
export function boundingBoxesFromVoc(data: ArrayLike<number>, canvasSize: readonly [number, number]): BoundingBoxes {
  return boundingBoxes(data, { format: 'xyxy', canvasSize });
}

/**
 * Boxes as Pascal VOC `bndbox` values: `[xmin, ymin, xmax, ymax]` in pixels, N x 4 flattened.
 *
 * @example
 * ```ts
 * const [xmin, ymin, xmax, ymax] = boundingBoxesToVoc(boxes);
 * ```
 */
export function boundingBoxesToVoc(boxes: BoundingBoxes): Float32Array {
  return convertBoundingBoxFormat(boxes, 'xyxy').data;
}

/**
 * Boxes from YOLO label values (`[cx, cy, width, height]` normalised by the image size, N x 4 flattened; the
 * class column removed) on an image of `canvasSize` `[height, width]`: {@link BoundingBoxes} in `'cxcywh'`,
 * in pixels (x and width times the image width, y and height times the image height).
 *
 * @example
 * ```ts
 * const b = boundingBoxesFromYolo([0.5, 0.5, 0.25, 0.5], [480, 640]); // cxcywh [320, 240, 160, 240]
 * ```
 */
export function boundingBoxesFromYolo(data: ArrayLike<number>, canvasSize: readonly [number, number]): BoundingBoxes {
  const [h, w] = checkCanvasSize(canvasSize, 'canvasSize');
  const d = finiteFloat32(data, 'data', 4, 'N boxes x [cx, cy, width, height] normalised');
  for (let i = 0; i < d.length; i += 4) {
    d[i] = f32(d[i]! * w);
    d[i + 1] = f32(d[i + 1]! * h);
    d[i + 2] = f32(d[i + 2]! * w);
    d[i + 3] = f32(d[i + 3]! * h);
  }
  return makeBoundingBoxes(d, 'cxcywh', [h, w]);
}

/**
 * Boxes as YOLO label values: `[cx, cy, width, height]` divided by the canvas width (x, width) and height
 * (y, height), N x 4 flattened. Clamp first (`clampBoundingBoxes`) if the values must lie in [0, 1].
 *
 * @example
 * ```ts
 * const lines = Array.from({ length: n }, (_, i) => [labels[i], ...boundingBoxesToYolo(boxes).subarray(i * 4, i * 4 + 4)].join(' '));
 * ```
 */
export function boundingBoxesToYolo(boxes: BoundingBoxes): Float32Array {
  const d = convertBoundingBoxFormat(boxes, 'cxcywh').data;
  const [h, w] = boxes.canvasSize;
  for (let i = 0; i < d.length; i += 4) {
    d[i] = f32(d[i]! / w);
    d[i + 1] = f32(d[i + 1]! / h);
    d[i + 2] = f32(d[i + 2]! / w);
    d[i + 3] = f32(d[i + 3]! / h);
  }
  return d;
}
