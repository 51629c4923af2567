import type { Image } from '@aug/transforms';
import { assertImage, convertImageDtype } from '@aug/transforms/functional';
import { assertInteger, describeValue } from '@aug/internal';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { ImageEncodeError } from '../errors.js';
import { nodeSharp } from './node-decoders.js';
import { checkOptionKeys } from '../option-keys.js';

/** Options of {@link encodeJpeg}. */
export interface EncodeJpegOptions {
  /** 1..100, torchvision's `encode_jpeg` quality; default 75. */
  quality?: number;
}

/** PNG colour type per channel count: gray, gray + alpha, RGB, RGBA. */
const PNG_COLOR_TYPES = [0, 0, 4, 2, 6] as const;

/**
 * `img` as uint8: a float32 image ([0, 1]) goes through torchvision's `convert_image_dtype` rule
 * (`trunc(v * 255.999)` after clamping to [0, 1]), as `@aug/transforms`' `convertImageDtype`.
 *
 * @example
 * ```ts
 * toUint8Image({ data: new Float32Array([0.5]), height: 1, width: 1, channels: 1 }).data; // Uint8Array [127]
 * ```
 */
export function toUint8Image(img: Image): Image & { data: Uint8Array } {
  assertImage(img);
  const u8 = img.data instanceof Uint8Array ? img : convertImageDtype(img, 'uint8');
  return u8 as Image & { data: Uint8Array };
}

function failure(format: string, error: unknown): ImageEncodeError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ImageEncodeError(`cannot encode the image as ${format}: ${reason}`, { cause: error });
}

/**
 * Encodes an image as PNG (lossless), as torchvision's `encode_png`: 1 channel gives a gray PNG,
 * 2 gray + alpha, 3 RGB, 4 RGBA, 8 bits each, so `decodeImage(await encodePng(img))` returns the same
 * pixels. A float32 image ([0, 1]) is converted first by torchvision's `convert_image_dtype` rule
 * (`trunc(clamp(v, 0, 1) * 255.999)`). Uses `sharp` when installed, else `pngjs`.
 *
 * @example
 * ```ts
 * const png = await encodePng({ data: new Uint8Array(2 * 2 * 3), height: 2, width: 2, channels: 3 });
 * ```
 */
export async function encodePng(img: Image): Promise<Uint8Array> {
  const u8 = toUint8Image(img);
  const { height, width, channels, data } = u8;
  if (channels > 4) throw new RangeError(`img.channels must be 1, 2, 3 or 4 for PNG, got ${channels}`);
  const sharp = await nodeSharp();
  try {
    if (sharp !== undefined) {
      let pipeline = sharp(data, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } });
      // Without this libvips treats 2 raw bands as a multiband image and writes RGBA.
      if (channels <= 2) pipeline = pipeline.toColourspace('b-w');
      const out = await pipeline.png().toBuffer();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    const colorType = PNG_COLOR_TYPES[channels]!;
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const out = pngjs.PNG.sync.write(
      { width, height, data: buffer } as pngjs.PNG,
      { colorType, inputColorType: colorType, inputHasAlpha: channels === 2 || channels === 4, bitDepth: 8 },
    );
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    throw failure('PNG', error);
  }
}

/**
 * Encodes a 1- or 3-channel image as a baseline JPEG at `quality` (1..100, default 75), as torchvision's
 * `encode_jpeg` (which also takes only 1 or 3 channels). Higher quality, smaller error and larger file.
 * A float32 image is converted to uint8 first (see {@link encodePng}). Uses `sharp` (libvips, 4:2:0
 * chroma; a 1-channel image gives a grayscale JPEG) when installed, else `jpeg-js` (always 3-component
 * YCbCr 4:4:4, so a gray image decodes back with 3 equal channels).
 *
 * @example
 * ```ts
 * const jpg = await encodeJpeg(img, { quality: 90 });
 * ```
 */
export async function encodeJpeg(img: Image, options?: EncodeJpegOptions): Promise<Uint8Array> {
  const u8 = toUint8Image(img);
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`options must be an object { quality }, got ${describeValue(options)}`);
  }
  checkOptionKeys(options, 'EncodeJpegOptions', 'encodeJpeg');
  const quality = options?.quality ?? 75;
  assertInteger(quality, 'options.quality', { min: 1, max: 100, where: 'encodeJpeg' });
  const { height, width, channels, data } = u8;
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`img.channels must be 1 or 3 for JPEG (as torchvision's encode_jpeg), got ${channels}; drop the alpha channel first or use encodePng`);
  }
  const sharp = await nodeSharp();
  try {
    if (sharp !== undefined) {
      let pipeline = sharp(data, { raw: { width, height, channels } });
      if (channels === 1) pipeline = pipeline.toColourspace('b-w'); // a grayscale JPEG, not 3 equal channels
      const out = await pipeline.jpeg({ quality }).toBuffer();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    const n = height * width;
    const rgba = new Uint8Array(n * 4);
    for (let i = 0, s = 0, o = 0; i < n; i++, s += channels, o += 4) {
      rgba[o] = data[s]!;
      rgba[o + 1] = data[s + (channels === 3 ? 1 : 0)]!;
      rgba[o + 2] = data[s + (channels === 3 ? 2 : 0)]!;
      rgba[o + 3] = 255;
    }
    const out = jpeg.encode({ data: rgba, width, height }, quality);
    return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  } catch (error) {
    throw failure('JPEG', error);
  }
}
