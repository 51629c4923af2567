import { browserDecoders } from './browser-decoders.js';
import type { ImageDecoders } from './decoders.js';

/**
 * The browser build's decoders: the browser's own (`createImageBitmap` + `OffscreenCanvas`).
 *
 * @example
 * ```ts
 * const decoders = await platformDecoders(); // decoders.name === 'browser'
 * ```
 */
export async function platformDecoders(): Promise<ImageDecoders> {
  return browserDecoders;
}
