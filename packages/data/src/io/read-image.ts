import type { Image } from '@aug/transforms';
import { readFile } from 'node:fs/promises';
import { describeValue, fsReadAdvice } from '@aug/internal';
import { ImageDecodeError } from '../errors.js';
import { decodeWith, type DecodeImageOptions } from './decode-with.js';
import { nodeDecoders } from './node-decoders.js';
import { checkOptionKeys } from '../option-keys.js';

function readFailure(path: string, error: unknown): string {
  return `cannot read image ${path}: ${fsReadAdvice(error)}`;
}

/**
 * Reads an image file and decodes it, as torchvision's `read_image` (see {@link decodeImage} for the
 * formats, `mode` and `applyExifOrientation`). The format comes from the file's bytes, not its
 * extension. A missing file, a folder, an empty, truncated or non-image file throw an
 * `ImageDecodeError` whose `file` is `path`; WebP/GIF without `sharp` an `UnsupportedImageFormatError`.
 *
 * @example
 * ```ts
 * const img = await readImage('data/cats/001.jpg', { mode: 'rgb' });
 * console.log(img.height, img.width, img.channels); // e.g. 375 500 3
 * ```
 */
export async function readImage(path: string, options?: DecodeImageOptions): Promise<Image> {
  checkOptionKeys(options, 'DecodeImageOptions', 'readImage');
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`path must be a non-empty string (the image file), got ${describeValue(path)}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ImageDecodeError(readFailure(path, error), { file: path, cause: error });
  }
  return decodeWith(bytes, options, await nodeDecoders(), path);
}
