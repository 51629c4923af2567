/**
 * The `browser` build of `@aug/data` (the `browser` export condition): what runs without Node's
 * built-ins. Today that is image decoding with the browser's decoders and the error classes; reading
 * files, encoding, the worker pool and the file-based datasets are Node-only.
 */
export {
  DataError, ImageDecodeError, ImageEncodeError, UnsupportedImageFormatError, type DataErrorCode,
} from './errors.js';
export { decodeImage } from './io/decode-image.browser.js';
export type { DecodeImageOptions } from './io/decode-with.js';
export type { ImageReadMode } from './io/image-read-mode.js';
