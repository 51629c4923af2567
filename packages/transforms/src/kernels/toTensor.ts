import type { Image } from '../image.js';
import { checkImage, U8_TO_F32 } from './pixels.js';

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
  checkImage(img);
  const { height, width, channels } = img;
  if (img.data instanceof Float32Array) return { data: img.data.slice(), height, width, channels };
  const src = img.data;
  const n = src.length;
  const out = new Float32Array(n);
  const T = U8_TO_F32;
  // Unrolled by 4: about twice as fast as the plain loop on V8.
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    out[i] = T[src[i]!]!;
    out[i + 1] = T[src[i + 1]!]!;
    out[i + 2] = T[src[i + 2]!]!;
    out[i + 3] = T[src[i + 3]!]!;
  }
  for (; i < n; i++) out[i] = T[src[i]!]!;
  return { data: out, height, width, channels };
}
