import { describeValue } from '@aug/internal';
import type { BoundingBoxes, Image } from '@aug/transforms';
import { convertBoundingBoxFormat } from '@aug/transforms/functional';
import { canvasImage, hline, line, toCanvas, trunc, type Canvas, type Rgb } from './draw-canvas.js';
import { resolveColors, type Color } from './draw-colors.js';
import { drawText } from './draw-text.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link drawBoundingBoxes} (torchvision's `draw_bounding_boxes` arguments).
 *
 * @example
 * ```ts
 * const options: DrawBoundingBoxesOptions = { labels: ['cat', 'dog'], colors: ['red', 'blue'], width: 2, fill: true };
 * ```
 */
export interface DrawBoundingBoxesOptions {
  /** One label per box, written at its top-left corner inside the outline. */
  labels?: readonly string[];
  /** One colour for all boxes or one per box; default torchvision's palette. */
  colors?: Color | readonly Color[];
  /** Outline width in pixels (default 1), drawn inside the box as PIL's `rectangle`. */
  width?: number;
  /** Fill each box with its colour at alpha 100/255 (default false). */
  fill?: boolean;
}

/** Throws the RangeError for a canvas that disagrees with the image. */
export function assertSameCanvas(what: string, h: number, w: number, image: Image): void {
  if (h !== image.height || w !== image.width) {
    throw new RangeError(
      `${what} is ${h}x${w} (HxW) but image is ${image.height}x${image.width}; draw targets on the image they belong to (transform both together)`,
    );
  }
}

/** PIL's `ImagingDrawRectangle` outline: `width` rings inside `[x0, x1] x [y0, y1]` (corners included). */
function rectangleOutline(c: Canvas, x0: number, y0: number, x1: number, y1: number, width: number, ink: Rgb): void {
  const w = width === 0 ? 1 : width;
  for (let i = 0; i < w; i++) {
    hline(c, x0, y0 + i, x1, ink);
    hline(c, x0, y1 - i, x1, ink);
    line(c, x1 - i, y0 + w, x1 - i, y1 - w + 1, ink);
    line(c, x0 + i, y0 + w, x0 + i, y1 - w + 1, ink);
  }
}

/** PIL's `ImagingDrawRectangle` fill (rows `y0..y1`, both included), blended at `alpha`. */
function rectangleFill(c: Canvas, x0: number, y0: number, x1: number, y1: number, ink: Rgb, alpha: number): void {
  if (y0 >= c.height || y1 < 0) return;
  const top = Math.max(0, y0);
  const bottom = Math.min(c.height, y1);
  for (let y = top; y <= bottom; y++) hline(c, x0, y, x1, ink, alpha);
}

/**
 * torchvision's `utils.draw_bounding_boxes`: draws `boxes` on a copy of `image` and returns it as a new uint8
 * RGB `Image` (HWC). Box corners are truncated to integers (torch's `.to(int64)`) and each outline is PIL's
 * `rectangle(xy, width)`: `width` pixel rings inside `[x0, x1] x [y0, y1]`, both corners included. With
 * `fill`, the box is first blended with its colour at alpha 100 (PIL's RGBA-on-RGB rule). Labels are written
 * at `(x0 + width + 1, y0 + width + 1)` in the box colour with viz's own font (DejaVu Sans, 10 px), so label
 * pixels differ from torchvision's (PIL's bitmap default font); outlines and fills are pixel-exact.
 *
 * `image`: uint8 (0..255) or float32 ([0, 1]), 1 (grey, repeated) or 3 channels; never modified. Boxes in any
 * format are converted to `'xyxy'`; their `canvasSize` must equal the image's size.
 *
 * @example
 * ```ts
 * import { boundingBoxes } from '@aug/transforms';
 * const boxes = boundingBoxes([4, 4, 20, 28], { format: 'xyxy', canvasSize: [32, 32] });
 * const out = drawBoundingBoxes(img, boxes, { labels: ['cat'], colors: 'red', width: 2 });
 * ```
 */
export function drawBoundingBoxes(image: Image, boxes: BoundingBoxes, options: DrawBoundingBoxesOptions = {}): Image {
  checkOptionKeys(options, 'DrawBoundingBoxesOptions', 'drawBoundingBoxes');
  if (boxes === null || typeof boxes !== 'object' || boxes.kind !== 'boundingBoxes') {
    throw new TypeError(`boxes must be BoundingBoxes (boundingBoxes(...) from @aug/transforms), got ${describeValue(boxes)}`);
  }
  const canvas = toCanvas(image, 'image');
  assertSameCanvas(`boxes.canvasSize`, boxes.canvasSize[0], boxes.canvasSize[1], image);
  const width = options.width ?? 1;
  if (!Number.isInteger(width) || width < 0) throw new RangeError(`width must be a non-negative integer (pixels), got ${describeValue(width)}`);
  const xyxy = boxes.format === 'xyxy' ? boxes.data : convertBoundingBoxFormat(boxes, 'xyxy').data;
  const n = xyxy.length / 4;
  const labels = options.labels;
  if (labels !== undefined && (!Array.isArray(labels) || labels.length !== n)) {
    throw new RangeError(`labels must hold one string per box (${n} boxes), got ${Array.isArray(labels) ? `${labels.length} labels` : describeValue(labels)}`);
  }
  for (let i = 0; i < n; i++) {
    if (xyxy[i * 4]! > xyxy[i * 4 + 2]! || xyxy[i * 4 + 1]! > xyxy[i * 4 + 3]!) {
      throw new RangeError(`boxes[${i}] = [${Array.from(xyxy.subarray(i * 4, i * 4 + 4)).join(', ')}] has x1 < x0 or y1 < y0 in 'xyxy'`);
    }
  }
  const colors = resolveColors(options.colors, n, 'boxes');
  for (let i = 0; i < n; i++) {
    const [x0, y0, x1, y1] = [trunc(xyxy[i * 4]!), trunc(xyxy[i * 4 + 1]!), trunc(xyxy[i * 4 + 2]!), trunc(xyxy[i * 4 + 3]!)];
    const ink = colors[i]!;
    if (options.fill === true) rectangleFill(canvas, x0, y0, x1, y1, ink, 100);
    if (width !== 0) rectangleOutline(canvas, x0, y0, x1, y1, width, ink);
    const label = labels?.[i];
    if (label !== undefined) drawText(canvas, String(label), x0 + width + 1, y0 + width + 1, ink);
  }
  return canvasImage(canvas);
}
