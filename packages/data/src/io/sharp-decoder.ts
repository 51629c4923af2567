import type { DecodeContext } from './decoders.js';
import type { RawImage } from './raw-image.js';

/** The `sharp` module's default export (a function that opens an image). */
export type SharpModule = typeof import('sharp');

let sharpLoading: Promise<SharpModule | undefined> | undefined;

/**
 * `sharp` when it can be imported (an optional peer dependency), else `undefined`; imported once and
 * cached, so a missing `sharp` costs one failed import per process.
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
 * per-pixel JavaScript). 16-bit PNGs are read as 16-bit and reduced by PIL's rule (gray clipped to 0..255,
 * other types the high byte), as the pure-JS path does.
 */
export async function decodeWithSharp(sharp: SharpModule, bytes: Uint8Array, context: DecodeContext): Promise<RawImage> {
  const sixteen = context.png !== undefined && context.png.bitDepth === 16;
  const { data, info } = await sharp(bytes, { failOn: 'truncated', pages: 1 })
    .raw({ depth: sixteen ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const channels = info.channels as 1 | 2 | 3 | 4;
  const { width, height } = info;
  if (!sixteen) return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), height, width, channels };
  const src = new Uint16Array(data.buffer, data.byteOffset, data.byteLength >> 1);
  const out = new Uint8Array(src.length);
  if (context.png!.colorType === 0) {
    // PIL opens 16-bit gray as mode I; convert('L') clips (the alpha sharp adds for tRNS is 0 or 65535).
    for (let i = 0; i < src.length; i++) { const v = src[i]!; out[i] = v > 255 ? 255 : v; }
    if (channels === 2) for (let i = 1; i < src.length; i += 2) out[i] = src[i]! >> 8;
  } else {
    for (let i = 0; i < src.length; i++) out[i] = src[i]! >> 8;
  }
  return { data: out, height, width, channels };
}
