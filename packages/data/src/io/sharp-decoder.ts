import type { DecodeContext } from './decoders.js';
import type { RawImage } from './raw-image.js';

/** The `sharp` module's default export (a function that opens an image). */
export type SharpModule = typeof import('sharp');

let sharpLoading: Promise<SharpModule | undefined> | undefined;

/**
 * `sharp` when it can be imported (an optional peer dependency), else `undefined`; imported once and
 * cached, so a missing `sharp` costs one failed import per process.
 *
 * @example
 * ```ts
 * const sharp = await loadSharp(); // undefined when sharp is not installed
 * ```
 */
export function loadSharp(): Promise<SharpModule | undefined> {
  sharpLoading ??= import('sharp').then(
    (mod) => ((mod as { default?: SharpModule }).default ?? (mod as unknown as SharpModule)),
    () => undefined,
  );
  return sharpLoading;
}

/**
 * Decodes the first frame with libvips through `sharp`, straight into 8-bit raw channels (one copy, no
 * per-pixel JavaScript).
 *
 * @example
 * ```ts
 * const raw = await decodeWithSharp(sharp, bytes, { format: 'jpeg' });
 * ```
 */
export async function decodeWithSharp(sharp: SharpModule, bytes: Uint8Array, _context: DecodeContext): Promise<RawImage> {
  // ignoreIcc: PIL (and torchvision) ignore embedded colour profiles; libvips would convert to sRGB.
  const { data, info } = await sharp(bytes, { failOn: 'truncated', pages: 1, ignoreIcc: true })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), height: info.height, width: info.width, channels: info.channels as 1 | 2 | 3 | 4 };
}
