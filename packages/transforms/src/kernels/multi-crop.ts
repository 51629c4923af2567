import { assertImage } from '../image.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { checkSize } from '../validate.js';
import { crop, centerCrop } from './crop.js';
import { hflip, vflip } from './flip.js';
import { rejectTarget } from '../targets/target.js';
import { checkKernelOptions } from '../option-keys.js';

/**
 * The four corner crops and the centre crop of `size` (torchvision `F.five_crop`), in torchvision's order:
 * top-left, top-right, bottom-left, bottom-right, centre. The crop must fit in the image. Images only: a
 * target (boxes, mask, key points) is a TypeError, as torchvision v2.
 *
 * @example
 * ```ts
 * const [tl, tr, bl, br, centre] = fiveCrop(img, [24, 24]);
 * ```
 */
export function fiveCrop(img: Image, size: number | [number] | [number, number]): [Image, Image, Image, Image, Image] {
  rejectTarget(img, 'fiveCrop', 'torchvision v2 five-crops images only (its FiveCrop/TenCrop refuse bounding boxes and masks)');
  assertImage(img);
  const [ch, cw] = checkSize(size);
  const { height: h, width: w } = img;
  if (ch > h || cw > w) throw new RangeError(`Requested crop size ${describeValue([ch, cw])} is bigger than input size ${describeValue([h, w])}`);
  return [
    crop(img, 0, 0, ch, cw),
    crop(img, 0, w - cw, ch, cw),
    crop(img, h - ch, 0, ch, cw),
    crop(img, h - ch, w - cw, ch, cw),
    centerCrop(img, [ch, cw]),
  ];
}

/** Options of {@link tenCrop}. */
export interface TenCropOptions {
  /** Flip top to bottom instead of left to right for the second five. Default false. */
  vertical?: boolean;
}

/**
 * The five crops of {@link fiveCrop} and the five crops of the flipped image (torchvision `F.ten_crop`),
 * flipped left to right, or top to bottom with `vertical`.
 *
 * @example
 * ```ts
 * const crops = tenCrop(img, 24); // 10 images
 * ```
 */
export function tenCrop(img: Image, size: number | [number] | [number, number], options: TenCropOptions = {}): Image[] {
  checkKernelOptions(options, 'TenCropOptions', 'tenCrop');
  rejectTarget(img, 'tenCrop', 'torchvision v2 ten-crops images only (its FiveCrop/TenCrop refuse bounding boxes and masks)');
  const vertical = options.vertical ?? false;
  if (typeof vertical !== 'boolean') throw new TypeError(`vertical must be a boolean, got ${describeValue(vertical)}`);
  const first = fiveCrop(img, size);
  const flipped = vertical ? vflip(img) : hflip(img);
  return [...first, ...fiveCrop(flipped, size)];
}
