import type { Image } from '@aug/transforms';
import { decodeWith, type DecodeImageOptions } from './decode-with.js';
import { nodeDecoders } from './node-decoders.js';

/**
 * Decodes an encoded image (JPEG, PNG, WebP, GIF's first frame; the format is told by its magic bytes,
 * never a file name) into a uint8 HWC {@link Image}, as torchvision's `decode_image` read through PIL.
 * In Node it uses `sharp` (libvips) when installed, else the pure-JS `jpeg-js` and `pngjs` (JPEG and
 * PNG only; WebP/GIF/AVIF then throw an `UnsupportedImageFormatError`); the browser build uses the
 * browser's decoder. PNGs decode to PIL's pixels exactly on every path; JPEGs within a few levels of
 * libjpeg-turbo (see the README). Corrupt, truncated or empty bytes throw an `ImageDecodeError`.
 *
 * `mode` picks the channels (torchvision's `ImageReadMode`): `'unchanged'` (default, the file's own),
 * `'gray'`, `'gray-alpha'`, `'rgb'`, `'rgba'`, each as PIL's `convert('L' | 'LA' | 'RGB' | 'RGBA')`.
 * `applyExifOrientation` turns the picture upright by its EXIF orientation (default `false`).
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const img = await decodeImage(await readFile('cat.jpg'), { mode: 'rgb' });
 * img.channels; // 3
 * ```
 */
export async function decodeImage(bytes: Uint8Array | ArrayBuffer, options?: DecodeImageOptions): Promise<Image> {
  return decodeWith(bytes, options, await nodeDecoders());
}
