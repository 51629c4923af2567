import type { Image } from '@aug/transforms';
import { describeValue } from '@aug/internal';
import { ImageDecodeError, UnsupportedImageFormatError } from '../errors.js';
import { convertChannels } from './convert-channels.js';
import type { DecodeContext, ImageDecoders } from './decoders.js';
import { applyExifOrientation, type ExifOrientation } from './exif-orientation.js';
import { FORMAT_NAMES, sniffImageFormat } from './image-format.js';
import { MODE_CHANNELS, assertReadMode, type ImageReadMode } from './image-read-mode.js';
import { readJpegHeader } from './jpeg-header.js';
import { pngChannels, readPngHeader } from './png-header.js';
import { checkOptionKeys } from '../option-keys.js';

/** Options of {@link decodeImage} and {@link readImage}. */
export interface DecodeImageOptions {
  /** The channel layout of the result (torchvision's `ImageReadMode`); default `'unchanged'`. */
  mode?: ImageReadMode;
  /**
   * Turn the picture upright by its EXIF orientation (JPEG `APP1`, PNG `eXIf`), as torchvision's
   * `decode_jpeg(..., apply_exif_orientation=True)` and PIL's `ImageOps.exif_transpose`; default `false`.
   */
  applyExifOrientation?: boolean;
}

/**
 * Accepts a `Uint8Array` (a Node `Buffer` too) or an `ArrayBuffer`, without copying.
 *
 * @example
 * ```ts
 * asBytes(await readFile('a.png')); // the Buffer itself, no copy
 * ```
 */
export function asBytes(bytes: unknown, name = 'bytes'): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new TypeError(`${name} must be a Uint8Array (or Buffer) or an ArrayBuffer of encoded image bytes, got ${describeValue(bytes)}`);
}

/** The most pixels a picture may have: sharp's default `limitInputPixels` (0x3FFF * 0x3FFF). */
const MAX_PIXELS = 0x3fff * 0x3fff;

function hexStart(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * The shared decoding steps, whatever the environment: checks the arguments, sniffs the format from the
 * magic bytes, reads the header (channels, EXIF orientation), lets `decoders` decode, turns the picture
 * upright when asked, and converts to the requested mode. `file` only names the source in errors.
 *
 * @example
 * ```ts
 * const img = await decodeWith(bytes, { mode: 'rgb' }, await nodeDecoders(), 'photos/a.jpg');
 * ```
 */
export async function decodeWith(
  input: unknown,
  options: DecodeImageOptions | undefined,
  decoders: ImageDecoders,
  file?: string,
): Promise<Image> {
  const bytes = asBytes(input);
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`options must be an object { mode, applyExifOrientation }, got ${describeValue(options)}`);
  }
  checkOptionKeys(options, 'DecodeImageOptions', 'decodeImage');
  const mode = options?.mode ?? 'unchanged';
  assertReadMode(mode);
  const upright = options?.applyExifOrientation ?? false;
  if (typeof upright !== 'boolean') throw new TypeError(`options.applyExifOrientation must be a boolean, got ${describeValue(upright)}`);
  const source = file === undefined ? 'the image bytes' : file;
  const fileOption = file === undefined ? {} : { file };
  if (bytes.length === 0) throw new ImageDecodeError(`cannot decode ${source}: it is empty (0 bytes)`, fileOption);
  const format = sniffImageFormat(bytes);
  if (format === undefined) {
    throw new ImageDecodeError(
      `cannot decode ${source}: not a JPEG, PNG, WebP or GIF image (it starts with bytes ${hexStart(bytes)})`,
      fileOption,
    );
  }
  const context: DecodeContext = { format };
  let orientation: ExifOrientation = 1;
  let fileChannels: 1 | 2 | 3 | 4 | undefined;
  if (format === 'png') {
    const png = readPngHeader(bytes);
    if (png === undefined) throw new ImageDecodeError(`cannot decode ${source}: a PNG signature but no complete IHDR header (truncated file?)`, fileOption);
    context.png = png;
    orientation = png.orientation;
    fileChannels = pngChannels(png);
  } else if (format === 'jpeg') {
    const jpeg = readJpegHeader(bytes);
    if (jpeg === undefined) throw new ImageDecodeError(`cannot decode ${source}: a JPEG start marker but no frame header (truncated file?)`, fileOption);
    context.jpeg = jpeg;
    orientation = jpeg.orientation;
    fileChannels = jpeg.components === 1 ? 1 : 3;
  }
  const size = context.png ?? context.jpeg;
  if (size !== undefined && (size.width === 0 || size.height === 0 || size.width * size.height > MAX_PIXELS)) {
    throw new ImageDecodeError(
      `cannot decode ${source}: its header says ${size.width}x${size.height} pixels (${FORMAT_NAMES[format]} images must have 1 to ${MAX_PIXELS} pixels; corrupt file?)`,
      fileOption,
    );
  }
  if (!decoders.canDecode(format)) {
    throw new UnsupportedImageFormatError(FORMAT_NAMES[format], `cannot decode ${source}: ${decoders.missingSupport(format)}`, fileOption);
  }
  let raw;
  try {
    raw = await decoders.decode(bytes, context);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError(
      `cannot decode ${source}: corrupt or truncated ${FORMAT_NAMES[format]} data (${decoders.name} decoder: ${reason})`,
      { ...fileOption, cause: error },
    );
  }
  if (upright) raw = applyExifOrientation(raw, orientation);
  // PIL's convert('LA') of an RGB PNG ignores its tRNS colour (only convert('RGBA') turns it into alpha).
  if (mode === 'gray-alpha' && context.png?.colorType === 2 && raw.channels === 4) raw = convertChannels(raw, 3);
  const channels = mode === 'unchanged' ? (fileChannels ?? raw.channels) : MODE_CHANNELS[mode];
  return convertChannels(raw, channels);
}
