import type { Image } from '@aug/transforms';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { assertInteger, describeValue, fsAdvice } from '@aug/internal';
import { ImageEncodeError, UnsupportedImageFormatError } from '../errors.js';
import { encodeJpeg, encodePng, toUint8Image } from './encode.js';
import { nodeSharp } from './node-decoders.js';
import { checkOptionKeys } from '../option-keys.js';

/** Options of {@link writeImage}. */
export interface WriteImageOptions {
  /** JPEG and WebP quality, 1..100; default 75 (ignored for PNG). */
  quality?: number;
}

/**
 * Encodes `img` by the extension of `path` and writes the file: `.png` ({@link encodePng}),
 * `.jpg`/`.jpeg` ({@link encodeJpeg}, `quality`), `.webp` (needs `sharp`; `quality`, default 75). The
 * folder must exist. Encoding or writing failures throw an `ImageEncodeError` naming the file; `.webp`
 * without sharp an `UnsupportedImageFormatError`.
 *
 * @example
 * ```ts
 * await writeImage('out/grid.png', img);
 * ```
 */
export async function writeImage(path: string, img: Image, options?: WriteImageOptions): Promise<void> {
  checkOptionKeys(options, 'WriteImageOptions', 'writeImage');
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`path must be a non-empty string ending in .png, .jpg, .jpeg or .webp, got ${describeValue(path)}`);
  }
  const ext = extname(path).toLowerCase();
  let bytes: Uint8Array;
  try {
    if (ext === '.png') bytes = await encodePng(img);
    else if (ext === '.jpg' || ext === '.jpeg') bytes = await encodeJpeg(img, options);
    else if (ext === '.webp') bytes = await encodeWebp(path, img, options?.quality ?? 75);
    else throw new TypeError(`path must end in .png, .jpg, .jpeg or .webp (the format is chosen by extension), got ${describeValue(path)}`);
  } catch (error) {
    if (ImageEncodeError.isInstance(error)) throw new ImageEncodeError(`cannot write ${path}: ${error.message}`, { file: path, cause: error });
    throw error;
  }
  try {
    await writeFile(path, bytes);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'its folder does not exist (ENOENT): create it first' : fsAdvice(error, 'a path');
    throw new ImageEncodeError(`cannot write ${path}: ${why}`, { file: path, cause: error });
  }
}

async function encodeWebp(path: string, img: Image, quality: number): Promise<Uint8Array> {
  const sharp = await nodeSharp();
  if (sharp === undefined) {
    throw new UnsupportedImageFormatError('WebP', `cannot write ${path}: WebP images need the optional dependency sharp: install it with \`npm install sharp\``, { file: path });
  }
  const u8 = toUint8Image(img);
  const { data, height, width, channels } = u8;
  assertInteger(quality, 'options.quality', { min: 1, max: 100, where: 'writeImage' });
  if (channels !== 3 && channels !== 4) throw new RangeError(`img.channels must be 3 or 4 for WebP, got ${channels}`);
  try {
    const out = await sharp(data, { raw: { width, height, channels } }).webp({ quality }).toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    throw new ImageEncodeError(`cannot encode the image as WebP: ${error instanceof Error ? error.message : String(error)}`, { file: path, cause: error });
  }
}
