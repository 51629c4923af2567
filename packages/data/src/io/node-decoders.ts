import type { DecodeContext, ImageDecoders } from './decoders.js';
import { FORMAT_NAMES, type ImageFormat } from './image-format.js';
import { decodeJpegPure } from './pure-jpeg.js';
import { decodePngPure } from './pure-png.js';
import type { RawImage } from './raw-image.js';
import { decodeWithSharp, loadSharp, type SharpModule } from './sharp-decoder.js';

/** Which codecs Node uses: `'auto'` = sharp when it can be imported, `'pure-js'` = jpeg-js and pngjs. */
export type NodeCodec = 'auto' | 'pure-js';

let codec: NodeCodec = 'auto';

/**
 * Internal seam (not exported from the package): forces the pure-JS codecs even when sharp is
 * installed, so that tests cover both paths. Returns the previous setting.
 *
 * @example
 * ```ts
 * const previous = setNodeCodec('pure-js');
 * try { await decodeImage(bytes); } finally { setNodeCodec(previous); }
 * ```
 */
export function setNodeCodec(next: NodeCodec): NodeCodec {
  const previous = codec;
  codec = next;
  return previous;
}

const PURE_FORMATS: ReadonlySet<ImageFormat> = new Set(['png', 'jpeg']);
const SHARP_FORMATS: ReadonlySet<ImageFormat> = new Set(['png', 'jpeg', 'webp', 'gif', 'avif', 'heif', 'tiff']);

const pureDecoders: ImageDecoders = {
  name: 'pure-js',
  canDecode: (format) => PURE_FORMATS.has(format),
  missingSupport: (format) =>
    SHARP_FORMATS.has(format)
      ? `${FORMAT_NAMES[format]} images need the optional dependency sharp: install it with \`npm install sharp\``
      : `${FORMAT_NAMES[format]} images are not supported (JPEG, PNG; WebP, GIF, AVIF and TIFF with sharp)`,
  decode: async (bytes: Uint8Array, context: DecodeContext): Promise<RawImage> =>
    context.format === 'png' ? decodePngPure(bytes) : decodeJpegPure(bytes),
};

function sharpDecoders(sharp: SharpModule): ImageDecoders {
  return {
    name: 'sharp',
    canDecode: (format) => SHARP_FORMATS.has(format),
    missingSupport: (format) => `${FORMAT_NAMES[format]} images are not supported (JPEG, PNG, WebP, GIF, AVIF, HEIF and TIFF are)`,
    decode: async (bytes, context) => {
      // libvips reduces 16-bit PNGs by its own rule (gray / 257, expanded to sRGB) and converts CMYK JPEGs
      // through an ICC profile; the pure-JS decoders follow PIL for these (rare) files.
      if (context.png !== undefined && context.png.bitDepth === 16) return decodePngPure(bytes);
      if (context.jpeg !== undefined && context.jpeg.components === 4) return decodeJpegPure(bytes);
      return decodeWithSharp(sharp, bytes, context);
    },
  };
}

let sharpCache: { sharp: SharpModule; decoders: ImageDecoders } | undefined;

/**
 * The Node decoders: sharp's when sharp can be imported (and not forced off), else the pure-JS ones.
 *
 * @example
 * ```ts
 * const decoders = await nodeDecoders(); // decoders.name: 'sharp' or 'pure-js'
 * ```
 */
export async function nodeDecoders(): Promise<ImageDecoders> {
  if (codec === 'pure-js') return pureDecoders;
  const sharp = await loadSharp();
  if (sharp === undefined) return pureDecoders;
  if (sharpCache?.sharp !== sharp) sharpCache = { sharp, decoders: sharpDecoders(sharp) };
  return sharpCache.decoders;
}

/**
 * `sharp` when it is installed and not forced off by {@link setNodeCodec}.
 *
 * @example
 * ```ts
 * const sharp = await nodeSharp();
 * if (sharp) await sharp(data, { raw: { width, height, channels } }).png().toBuffer();
 * ```
 */
export async function nodeSharp(): Promise<SharpModule | undefined> {
  return codec === 'pure-js' ? undefined : loadSharp();
}
