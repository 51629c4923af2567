import type { Image } from '@aug/transforms';
import { browserDecoders } from './browser-decoders.js';
import { decodeWith, type DecodeImageOptions } from './decode-with.js';

/**
 * The browser build's `decodeImage` (this file stands in for `decode-image.ts` there): the same format
 * sniffing, modes and EXIF handling as in Node, with the browser's decoders (PNG in JavaScript over
 * `DecompressionStream`, other formats through `createImageBitmap` + `OffscreenCanvas`).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('cat.jpg')).arrayBuffer());
 * const img = await decodeImage(bytes, { mode: 'rgb' });
 * ```
 */
export async function decodeImage(bytes: Uint8Array | ArrayBuffer, options?: DecodeImageOptions): Promise<Image> {
  return decodeWith(bytes, options, browserDecoders);
}
