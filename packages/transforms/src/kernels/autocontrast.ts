import { UINT8_TO_UNIT, toUint8 } from '@aug/internal';
import { assertImage } from '../image.js';
import type { Image } from '../image.js';
import { checkChannels } from '../validate.js';
import { clamp01 } from './pixels.js';

const f32 = Math.fround;

/**
 * Stretches each channel to the full range: `(x - min) / (max - min)` per channel, clamped (torchvision
 * `F.autocontrast`, in float32). A constant channel is left as is. Needs 1 or 3 channels.
 *
 * @example
 * ```ts
 * const stretched = autocontrast(img);
 * ```
 */
export function autocontrast(img: Image): Image {
  assertImage(img);
  checkChannels(img.channels, [1, 3]);
  const { height, width, channels: c, data } = img;
  const isU8 = data instanceof Uint8Array;
  const out = isU8 ? new Uint8Array(data.length) : new Float32Array(data.length);
  for (let k = 0; k < c; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = k; i < data.length; i += c) {
      const v = data[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    let min = isU8 ? UINT8_TO_UNIT[lo]! : lo;
    const max = isU8 ? UINT8_TO_UNIT[hi]! : hi;
    let scale = f32(1 / f32(max - min));
    if (!Number.isFinite(scale)) {
      min = 0;
      scale = 1;
    }
    if (isU8) {
      const lut = new Uint8Array(256);
      for (let v = lo; v <= hi; v++) lut[v] = toUint8(clamp01(f32(f32(UINT8_TO_UNIT[v]! - min) * scale)));
      for (let i = k; i < data.length; i += c) out[i] = lut[data[i]!]!;
    } else {
      for (let i = k; i < data.length; i += c) out[i] = clamp01(f32(f32(data[i]! - min) * scale));
    }
  }
  return { data: out, height, width, channels: c };
}
