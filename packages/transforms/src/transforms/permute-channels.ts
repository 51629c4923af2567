import type { Image } from '../image.js';

/**
 * The channels of `img` reordered: output channel `k` is input channel `permutation[k]` (torchvision v2's
 * `F.permute_channels`, HWC here).
 *
 * @example `permuteChannels(img, [2, 1, 0]) // RGB -> BGR`
 */
export function permuteChannels(img: Image, permutation: ArrayLike<number>): Image {
  const { height, width, channels: c, data } = img;
  const out = new (data.constructor as Uint8ArrayConstructor | Float32ArrayConstructor)(data.length);
  for (let p = 0; p < data.length; p += c) {
    for (let k = 0; k < c; k++) out[p + k] = data[p + permutation[k]!]!;
  }
  return { data: out, height, width, channels: c };
}
