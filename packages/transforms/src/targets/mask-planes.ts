import type { Image } from '../image.js';
import type { Mask } from './mask.js';
import { makeMask } from './mask.js';

/**
 * Applies an image kernel to every plane of a mask, each plane seen as a one-channel uint8 image, and stacks
 * the results: how the geometric kernels transform masks (with nearest sampling and zero fill, so the
 * bytes are exactly the image kernel's). A mask with no planes still gets the output size (the kernel runs
 * once on a zero plane).
 *
 * @example
 * ```ts
 * const flipped = mapMaskPlanes(m, hflip);
 * ```
 */
export function mapMaskPlanes(m: Mask, kernel: (plane: Image) => Image): Mask {
  const { height: h, width: w, count } = m;
  const n = h * w;
  if (count === 0) {
    const probe = kernel({ data: new Uint8Array(n), height: h, width: w, channels: 1 });
    return makeMask(new Uint8Array(0), probe.height, probe.width, 0);
  }
  let out: Uint8Array | null = null;
  let oh = 0;
  let ow = 0;
  for (let k = 0; k < count; k++) {
    const plane = kernel({ data: m.data.subarray(k * n, (k + 1) * n), height: h, width: w, channels: 1 });
    if (out === null) {
      oh = plane.height;
      ow = plane.width;
      if (count === 1) return makeMask(plane.data as Uint8Array, oh, ow, 1);
      out = new Uint8Array(count * oh * ow);
    }
    out.set(plane.data, k * oh * ow);
  }
  return makeMask(out!, oh, ow, count);
}
