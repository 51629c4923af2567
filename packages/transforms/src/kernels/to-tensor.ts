import { UINT8_TO_UNIT } from '@aug/internal';
import { assertImage } from '../image.js';
import type { Image } from '../image.js';

const U8_TO_F32_BITS = new Int32Array(UINT8_TO_UNIT.buffer, UINT8_TO_UNIT.byteOffset, 256);

/**
 * Converts a uint8 image (0..255) to a float image in [0, 1] (torchvision `F.to_tensor`, which divides by
 * 255). aug keeps HWC layout (torchvision returns CHW); the batched NHWC tensor is built by the loader.
 * A float image is returned as a copy, unchanged, as `to_tensor` does for float arrays.
 *
 * @example
 * ```ts
 * const x = toTensor(img); // Float32Array values in [0, 1]
 * ```
 */
export function toTensor(img: Image): Image {
  assertImage(img);
  const { height, width, channels } = img;
  if (img.data instanceof Float32Array) return { data: img.data.slice(), height, width, channels };
  const src = img.data;
  const n = src.length;
  const out = new Float32Array(n);
  // The float32 bit patterns copied as int32 (no float conversions), unrolled by 8 (the README's Performance
  // section has the measurement).
  const o = new Int32Array(out.buffer);
  const T = U8_TO_F32_BITS;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    o[i] = T[src[i]!]!;
    o[i + 1] = T[src[i + 1]!]!;
    o[i + 2] = T[src[i + 2]!]!;
    o[i + 3] = T[src[i + 3]!]!;
    o[i + 4] = T[src[i + 4]!]!;
    o[i + 5] = T[src[i + 5]!]!;
    o[i + 6] = T[src[i + 6]!]!;
    o[i + 7] = T[src[i + 7]!]!;
  }
  for (; i < n; i++) o[i] = T[src[i]!]!;
  return { data: out, height, width, channels };
}
