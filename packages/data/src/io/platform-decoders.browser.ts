import { browserDecoders } from './browser-decoders.js';
import type { ImageDecoders } from './decoders.js';

/** The browser build's decoders: the browser's own (`createImageBitmap` + `OffscreenCanvas`). */
export async function platformDecoders(): Promise<ImageDecoders> {
  return browserDecoders;
}
