import { assertImage } from '../image.js';
import { UINT8_TO_UNIT, describeValue } from '@aug/internal';
import type { Image } from '../image.js';

/** The element types an {@link Image} can hold. */
export type ImageDtype = 'float32' | 'uint8';

/**
 * Converts between uint8 (0..255) and float32 ([0, 1]) images as torchvision's `F.convert_image_dtype`:
 * uint8 -> float divides by 255; float -> uint8 multiplies by 255.999 and truncates (torchvision's
 * `max + 1 - eps`), after clamping to [0, 1] (torch's cast of out-of-range values is undefined).
 * The same dtype gives a copy.
 *
 * @example
 * ```ts
 * const f = convertImageDtype(u8img, 'float32');
 * const u = convertImageDtype(f, 'uint8');
 * ```
 */
export function convertImageDtype(img: Image, dtype: ImageDtype): Image {
  assertImage(img);
  if (dtype !== 'float32' && dtype !== 'uint8') throw new TypeError(`dtype must be 'float32' or 'uint8', got ${describeValue(dtype)}`);
  const { height, width, channels, data } = img;
  if ((data instanceof Uint8Array) === (dtype === 'uint8')) return { data: data.slice(), height, width, channels };
  if (data instanceof Uint8Array) {
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = UINT8_TO_UNIT[data[i]!]!;
    return { data: out, height, width, channels };
  }
  const scale = Math.fround(255.999);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    out[i] = v >= 1 ? 255 : v > 0 ? Math.trunc(Math.fround(v * scale)) : 0;
  }
  return { data: out, height, width, channels };
}
