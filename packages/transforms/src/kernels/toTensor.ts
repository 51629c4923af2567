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
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = U8_TO_F32[src[i]!]!;
  return { data: out, height, width, channels };
}
