import { assertImage } from '../image.js';
import type { Image } from '../image.js';
import { checkChannels } from '../validate.js';

/**
 * Equalizes the histogram of each channel (torchvision `F.equalize`, its tensor path's integer
 * arithmetic: a lookup table from the cumulative histogram, a channel with one value left as is).
 * uint8 images only, as torchvision's tensor path; 1 or 3 channels.
 *
 * @example
 * ```ts
 * const eq = equalize(u8img);
 * ```
 */
export function equalize(img: Image): Image {
  assertImage(img);
  const { height, width, channels: c, data } = img;
  if (!(data instanceof Uint8Array)) {
    throw new TypeError('equalize needs a uint8 image (Uint8Array 0..255), got a float image: equalize before toTensor, as torchvision');
  }
  checkChannels(c, [1, 3]);
  const out = new Uint8Array(data.length);
  const hist = new Float64Array(256);
  const lut = new Uint8Array(256);
  for (let k = 0; k < c; k++) {
    hist.fill(0);
    for (let i = k; i < data.length; i += c) hist[data[i]!]!++;
    // step = (sum of the non-zero bins but the last non-zero one) // 255
    let last = 255;
    while (last > 0 && hist[last] === 0) last--;
    let total = 0;
    for (let v = 0; v < last; v++) total += hist[v]!;
    const step = Math.floor(total / 255);
    if (step === 0) {
      for (let i = k; i < data.length; i += c) out[i] = data[i]!;
      continue;
    }
    // lut[v] = (cumsum[v - 1] + step // 2) // step, lut[0] = 0, clamped to 0..255.
    const half = Math.floor(step / 2);
    let cum = 0;
    for (let v = 0; v < 256; v++) {
      const l = v === 0 ? 0 : Math.floor((cum + half) / step);
      lut[v] = l > 255 ? 255 : l;
      cum += hist[v]!;
    }
    for (let i = k; i < data.length; i += c) out[i] = lut[data[i]!]!;
  }
  return { data: out, height, width, channels: c };
}
