import type { ImageFormat } from './image-format.js';
import type { JpegHeader } from './jpeg-header.js';
import type { PngHeader } from './png-header.js';
import type { RawImage } from './raw-image.js';

/** What the shared code learnt from the bytes before decoding them. */
export interface DecodeContext {
  format: ImageFormat;
  png?: PngHeader;
  jpeg?: JpegHeader;
}

/**
 * The decoders of one environment (sharp, the pure-JS decoders, the browser's): the shared code in
 * `decode-with.ts` sniffs the format, asks `canDecode`, calls `decode` and converts the channels.
 */
export interface ImageDecoders {
  /** `'sharp'`, `'pure-js'` or `'browser'`. */
  readonly name: string;
  canDecode(format: ImageFormat): boolean;
  /** Why `format` cannot be decoded here and how to fix it, for the error message. */
  missingSupport(format: ImageFormat): string;
  /** Decodes the first frame into 8-bit channels (16-bit PNGs reduced by PIL's rule). */
  decode(bytes: Uint8Array, context: DecodeContext): Promise<RawImage>;
}
