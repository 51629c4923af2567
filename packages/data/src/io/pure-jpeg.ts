import jpeg from 'jpeg-js';
import type { RawImage } from './raw-image.js';

/**
 * Decodes a baseline or progressive JPEG with `jpeg-js` into 3 channels (RGB; a grayscale JPEG's Y is
 * replicated, which `convert('L')` turns back into exactly Y; CMYK/YCCK converted to RGB by jpeg-js).
 * `jpeg-js` upsamples chroma and rounds its IDCT differently from libjpeg-turbo, hence the few-level
 * differences against PIL documented in the README.
 *
 * @example
 * ```ts
 * const raw = decodeJpegPure(await readFile('a.jpg')); // raw.channels === 3
 * ```
 */
export function decodeJpegPure(bytes: Uint8Array): RawImage {
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
  return { data: decoded.data, height: decoded.height, width: decoded.width, channels: 3 };
}
