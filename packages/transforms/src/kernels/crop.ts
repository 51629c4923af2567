import { assertImage } from '../image.js';
import { assertInteger, assertPositiveInteger } from '@aug/internal';
import type { Image } from '../image.js';
import { checkOutputSize, checkSize } from '../validate.js';
import { alloc, roundHalfEven } from './pixels.js';
import { padImage } from './pad.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import { cropBoundingBoxes, cropKeyPoints } from '../targets/geometry/crop.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';

/**
 * Cuts the window at (`top`, `left`) of `height` x `width` out of an image (torchvision v2 `F.crop`). Parts of
 * the window outside the image are filled with 0, as torchvision does for tensors. Bounding boxes shift by
 * `-left`/`-top` onto the `[height, width]` canvas and are clamped to it (v2's `crop_bounding_boxes`: a box
 * wholly outside becomes zero-size); key points shift and are not clamped; masks are cut plane by plane.
 *
 * @example
 * ```ts
 * const patch = crop(img, 4, 4, 24, 24);
 * const boxes = crop(boundingBoxes([2, 2, 8, 8], { format: 'xyxy', canvasSize: [10, 10] }), 4, 4, 6, 6); // [0, 0, 4, 4]
 * ```
 */
export function crop(img: Image, top: number, left: number, height: number, width: number): Image;
export function crop<T extends Target>(input: T, top: number, left: number, height: number, width: number): T;
export function crop(input: Image | Target, top: number, left: number, height: number, width: number): Image | Target;
export function crop(input: Image | Target, top: number, left: number, height: number, width: number): Image | Target {
  if (!hasKind(input)) return cropImage(input as Image, top, left, height, width);
  const t = checkTarget(input, 'crop');
  assertInteger(top, 'top');
  assertInteger(left, 'left');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  if (t.kind === 'boundingBoxes') return cropBoundingBoxes(t, top, left, height, width);
  if (t.kind === 'keyPoints') return cropKeyPoints(t, top, left, height, width);
  return mapMaskPlanes(t, (p) => cropImage(p, top, left, height, width));
}

/** {@link crop} of an image (the image kernel itself). @example `cropImage(img, 4, 4, 24, 24)` */
export function cropImage(img: Image, top: number, left: number, height: number, width: number): Image {
  assertImage(img);
  assertInteger(top, 'top');
  assertInteger(left, 'left');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  checkOutputSize(height, width, img.channels, 'height x width', [height, width]);
  const { height: h, width: w, channels: c } = img;
  const out = alloc(img, height * width * c);
  const src = img.data;
  const y0 = Math.max(top, 0);
  const y1 = Math.min(top + height, h);
  const x0 = Math.max(left, 0);
  const x1 = Math.min(left + width, w);
  if (x1 > x0) {
    for (let y = y0; y < y1; y++) {
      const s = (y * w + x0) * c;
      out.set(src.subarray(s, s + (x1 - x0) * c), ((y - top) * width + (x0 - left)) * c);
    }
  }
  return { data: out, height, width, channels: c };
}

/**
 * Crops the centre `[height, width]` (torchvision v2 `F.center_crop`): a number means a square; an image
 * smaller than the crop is zero-padded first; offsets are rounded as Python's `round`. Targets move with
 * the image's own window (see {@link centerCropWindow}) as in {@link crop}.
 *
 * @example
 * ```ts
 * const centre = centerCrop(img, [24, 24]);
 * const m = centerCrop(mask(new Uint8Array(32 * 32), 32, 32), 24); // a 24x24 mask
 * ```
 */
export function centerCrop(img: Image, size: number | [number] | [number, number]): Image;
export function centerCrop<T extends Target>(input: T, size: number | [number] | [number, number]): T;
export function centerCrop(input: Image | Target, size: number | [number] | [number, number]): Image | Target;
export function centerCrop(input: Image | Target, size: number | [number] | [number, number]): Image | Target {
  if (!hasKind(input)) return centerCropImage(input as Image, size);
  const t = checkTarget(input, 'centerCrop');
  const [ch, cw] = checkSize(size);
  if (t.kind === 'mask') return mapMaskPlanes(t, (p) => centerCropImage(p, [ch, cw]));
  const [top, left] = centerCropWindow(t.canvasSize, [ch, cw]);
  return t.kind === 'boundingBoxes' ? cropBoundingBoxes(t, top, left, ch, cw) : cropKeyPoints(t, top, left, ch, cw);
}

/**
 * The `[top, left]` of the window {@link centerCrop} cuts from a `[height, width]` canvas: `round((H - h) / 2)`
 * (Python's round) when the crop fits, minus the zero padding's top/left (`floor((h - H) / 2)`) when it does
 * not. (torchvision v2's `center_crop_bounding_boxes` uses `round((H - h) / 2)` in both cases, which is one
 * pixel off its own image result when the padding is odd; aug follows the image.)
 *
 * @example
 * ```ts
 * centerCropWindow([32, 32], [24, 24]); // [4, 4]
 * centerCropWindow([10, 10], [13, 13]); // [-1, -1]
 * ```
 */
export function centerCropWindow(canvas: readonly [number, number], size: readonly [number, number]): [number, number] {
  const off = (dim: number, crop: number): number => (crop > dim ? -Math.floor((crop - dim) / 2) : roundHalfEven((dim - crop) / 2));
  return [off(canvas[0], size[0]), off(canvas[1], size[1])];
}

/** {@link centerCrop} of an image (the image kernel itself). @example `centerCropImage(img, 24)` */
export function centerCropImage(img: Image, size: number | [number] | [number, number]): Image {
  assertImage(img);
  const [ch, cw] = checkSize(size);
  checkOutputSize(ch, cw, img.channels, 'size', size);
  let src = img;
  if (cw > img.width || ch > img.height) {
    const dw = cw - img.width;
    const dh = ch - img.height;
    src = padImage(img, [
      dw > 0 ? Math.floor(dw / 2) : 0,
      dh > 0 ? Math.floor(dh / 2) : 0,
      dw > 0 ? Math.floor((dw + 1) / 2) : 0,
      dh > 0 ? Math.floor((dh + 1) / 2) : 0,
    ]);
    if (src.width === cw && src.height === ch) return src;
  }
  const top = roundHalfEven((src.height - ch) / 2);
  const left = roundHalfEven((src.width - cw) / 2);
  return cropImage(src, top, left, ch, cw);
}
