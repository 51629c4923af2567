import { assertImage } from '../image.js';
import { assertInteger, assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { checkOutputSize, checkSize } from '../validate.js';
import { cropImage } from './crop.js';
import { checkTarget, hasKind } from '../targets/check-target.js';
import { cropBoundingBoxes, cropKeyPoints, resizeBoundingBoxes, resizeKeyPoints } from '../targets/geometry/crop.js';
import { mapMaskPlanes } from '../targets/mask-planes.js';
import type { Target } from '../targets/target.js';
import { checkKernelOptions } from '../option-keys.js';
import { resampleWindow } from './resample.js';

/** Interpolation modes (torchvision's `InterpolationMode.BILINEAR` / `NEAREST` / `BICUBIC`). */
export type Interpolation = 'bilinear' | 'nearest' | 'bicubic';

/** Options of {@link resize} and {@link resizedCrop}. */
export interface ResizeOptions {
  /** Default `'bilinear'`. `'bicubic'` is torch's (A = -0.75, not clamped on float images, as torchvision). */
  interpolation?: Interpolation;
  /**
   * Antialiased bilinear or bicubic (torch's `_upsample_bilinear2d_aa`): a triangle filter widened by the shrink factor
   * on each axis that shrinks; identical to plain bilinear on axes that grow. Default `false`, which is
   * torchvision 0.14's tensor behaviour (`antialias=None` means `False` for tensors; only PIL always antialiases).
   */
  antialias?: boolean;
}

/** Checks a resize interpolation mode. */
export function checkInterpolation(interpolation: unknown, name = 'interpolation'): Interpolation {
  if (interpolation !== 'bilinear' && interpolation !== 'nearest' && interpolation !== 'bicubic') {
    throw new TypeError(`${name} must be 'bilinear', 'nearest' or 'bicubic', got ${describeValue(interpolation)}`);
  }
  return interpolation;
}

/** Checks `antialias` (bilinear and bicubic only, as torchvision). */
export function checkAntialias(antialias: unknown, interpolation: Interpolation): boolean {
  if (antialias === undefined || antialias === null) return false;
  if (typeof antialias !== 'boolean') throw new TypeError(`antialias must be a boolean, got ${describeValue(antialias)}`);
  if (antialias && interpolation === 'nearest') {
    throw new RangeError(`antialias is supported for bilinear and bicubic interpolation only, got interpolation ${describeValue(interpolation)}`);
  }
  return antialias;
}

/**
 * Resizes to exactly `[height, width]` (torchvision `F.resize` on a tensor with a two-element size). Images:
 * bilinear with half-pixel centres (`align_corners=False`), nearest or bicubic, antialiased only when asked.
 * Masks: nearest, whatever `interpolation` says (v2's `resize_mask`). Bounding boxes and key points: every
 * coordinate times new/old size (v2's `resize_bounding_boxes`). A number means a square; use the `Resize`
 * transform for torchvision's "shorter edge" sizing.
 *
 * @example
 * ```ts
 * const big = resize(img, [224, 224]);
 * const small = resize(img, [16, 16], { antialias: true });
 * const boxes = resize(boundingBoxes([1, 1, 2, 3], { format: 'xyxy', canvasSize: [4, 4] }), [8, 2]); // [0.5, 2, 1, 6]
 * ```
 */
export function resize(img: Image, size: number | [number] | [number, number], options?: ResizeOptions): Image;
export function resize<T extends Target>(input: T, size: number | [number] | [number, number], options?: ResizeOptions): T;
export function resize(input: Image | Target, size: number | [number] | [number, number], options?: ResizeOptions): Image | Target;
export function resize(input: Image | Target, size: number | [number] | [number, number], options: ResizeOptions = {}): Image | Target {
  checkKernelOptions(options, 'ResizeOptions', 'resize');
  if (!hasKind(input)) return resizeImage(input as Image, size, options);
  const t = checkTarget(input, 'resize');
  const [oh, ow] = checkSize(size);
  if (t.kind === 'mask') return mapMaskPlanes(t, (p) => resizeImage(p, [oh, ow], { interpolation: 'nearest' }));
  return t.kind === 'boundingBoxes' ? resizeBoundingBoxes(t, [oh, ow]) : resizeKeyPoints(t, [oh, ow]);
}

/** {@link resize} of an image (the image kernel itself). @example `resizeImage(img, [64, 64])` */
export function resizeImage(img: Image, size: number | [number] | [number, number], options: ResizeOptions = {}): Image {
  assertImage(img);
  const [oh, ow] = checkSize(size);
  checkOutputSize(oh, ow, img.channels, 'size', size);
  const interpolation = checkInterpolation(options.interpolation ?? 'bilinear');
  const antialias = checkAntialias(options.antialias, interpolation);
  if (oh === img.height && ow === img.width) {
    return { data: img.data.slice(), height: oh, width: ow, channels: img.channels };
  }
  return resampleWindow(img, 0, 0, img.height, img.width, oh, ow, interpolation, antialias);
}

/**
 * Crops the window (`top`, `left`, `height`, `width`) and resizes it to `size` (torchvision `F.resized_crop`),
 * without materialising the crop when the window lies inside the image. Targets: {@link crop} then
 * {@link resize} (v2's `resized_crop_bounding_boxes`: clamped to the window, then scaled; masks nearest).
 *
 * @example
 * ```ts
 * const patch = resizedCrop(img, 3, 5, 20, 18, [32, 32]);
 * const pts = resizedCrop(keyPoints([5, 5], { canvasSize: [10, 10] }), 4, 4, 2, 2, [4, 4]); // [2, 2]
 * ```
 */
export function resizedCrop(
  img: Image, top: number, left: number, height: number, width: number, size: number | [number] | [number, number], options?: ResizeOptions,
): Image;
export function resizedCrop<T extends Target>(
  input: T, top: number, left: number, height: number, width: number, size: number | [number] | [number, number], options?: ResizeOptions,
): T;
export function resizedCrop(
  input: Image | Target, top: number, left: number, height: number, width: number, size: number | [number] | [number, number], options?: ResizeOptions,
): Image | Target;
export function resizedCrop(
  input: Image | Target,
  top: number,
  left: number,
  height: number,
  width: number,
  size: number | [number] | [number, number],
  options: ResizeOptions = {},
): Image | Target {
  checkKernelOptions(options, 'ResizeOptions', 'resizedCrop');
  if (!hasKind(input)) return resizedCropImage(input as Image, top, left, height, width, size, options);
  const t = checkTarget(input, 'resizedCrop');
  assertInteger(top, 'top');
  assertInteger(left, 'left');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  const [oh, ow] = checkSize(size);
  if (t.kind === 'mask') return mapMaskPlanes(t, (p) => resizedCropImage(p, top, left, height, width, [oh, ow], { interpolation: 'nearest' }));
  if (t.kind === 'boundingBoxes') return resizeBoundingBoxes(cropBoundingBoxes(t, top, left, height, width), [oh, ow]);
  return resizeKeyPoints(cropKeyPoints(t, top, left, height, width), [oh, ow]);
}

/** {@link resizedCrop} of an image (the image kernel itself). @example `resizedCropImage(img, 3, 5, 20, 18, [32, 32])` */
export function resizedCropImage(
  img: Image,
  top: number,
  left: number,
  height: number,
  width: number,
  size: number | [number] | [number, number],
  options: ResizeOptions = {},
): Image {
  assertImage(img);
  assertInteger(top, 'top');
  assertInteger(left, 'left');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  const [oh, ow] = checkSize(size);
  checkOutputSize(oh, ow, img.channels, 'size', size);
  checkOutputSize(height, width, img.channels, 'height x width', [height, width]);
  const interpolation = checkInterpolation(options.interpolation ?? 'bilinear');
  const antialias = checkAntialias(options.antialias, interpolation);
  const inside = top >= 0 && left >= 0 && top + height <= img.height && left + width <= img.width;
  if (!inside || (oh === height && ow === width)) {
    const cropped = cropImage(img, top, left, height, width);
    return oh === height && ow === width ? cropped : resampleWindow(cropped, 0, 0, height, width, oh, ow, interpolation, antialias);
  }
  return resampleWindow(img, top, left, height, width, oh, ow, interpolation, antialias);
}
