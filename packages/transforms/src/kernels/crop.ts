import { assertImage } from '../image.js';
import { assertInteger, assertPositiveInteger } from '@aug/internal';
import type { Image } from '../image.js';
import { checkOutputSize, checkSize } from '../validate.js';
import { alloc, roundHalfEven } from './pixels.js';
import { pad } from './pad.js';

/**
 * Cuts the box at (`top`, `left`) of `height` x `width` out of an image (torchvision `F.crop`). Parts of the
 * box outside the image are filled with 0, as torchvision does for tensors.
 *
 * @example
 * ```ts
 * const patch = crop(img, 4, 4, 24, 24);
 * ```
 */
export function crop(img: Image, top: number, left: number, height: number, width: number): Image {
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
 * Crops the centre `[height, width]` of an image (torchvision `F.center_crop`): a number means a square;
 * an image smaller than the crop is zero-padded first; offsets are rounded as Python's `round`.
 *
 * @example
 * ```ts
 * const centre = centerCrop(img, [24, 24]);
 * ```
 */
export function centerCrop(img: Image, size: number | [number] | [number, number]): Image {
  assertImage(img);
  const [ch, cw] = checkSize(size);
  checkOutputSize(ch, cw, img.channels, 'size', size);
  let src = img;
  if (cw > img.width || ch > img.height) {
    const dw = cw - img.width;
    const dh = ch - img.height;
    src = pad(img, [
      dw > 0 ? Math.floor(dw / 2) : 0,
      dh > 0 ? Math.floor(dh / 2) : 0,
      dw > 0 ? Math.floor((dw + 1) / 2) : 0,
      dh > 0 ? Math.floor((dh + 1) / 2) : 0,
    ]);
    if (src.width === cw && src.height === ch) return src;
  }
  const top = roundHalfEven((src.height - ch) / 2);
  const left = roundHalfEven((src.width - cw) / 2);
  return crop(src, top, left, ch, cw);
}
