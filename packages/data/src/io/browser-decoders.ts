import type { DecodeContext, ImageDecoders } from './decoders.js';
import { FORMAT_NAMES, type ImageFormat } from './image-format.js';
import { decodePng } from './png-decode.js';
import type { RawImage } from './raw-image.js';

// The few DOM APIs used here, typed locally so that the package compiles without the DOM lib.
interface BitmapLike { readonly width: number; readonly height: number; close(): void }
interface Context2dLike {
  drawImage(image: BitmapLike, x: number, y: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
interface OffscreenCanvasLike { getContext(kind: '2d', options?: { willReadFrequently?: boolean; colorSpace?: string }): Context2dLike | null }
interface BrowserGlobals {
  createImageBitmap?: (blob: Blob, options?: Record<string, string>) => Promise<BitmapLike>;
  OffscreenCanvas?: new (width: number, height: number) => OffscreenCanvasLike;
  DecompressionStream?: new (format: 'deflate') => { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };
}

/** zlib inflate with the platform's `DecompressionStream` (browsers; Node 18+ too). */
export async function inflateWithStreams(data: Uint8Array): Promise<Uint8Array> {
  const g = globalThis as unknown as BrowserGlobals;
  if (g.DecompressionStream === undefined) throw new Error('this environment has no DecompressionStream');
  const stream = (new Blob([data]).stream() as ReadableStream<Uint8Array>).pipeThrough(new g.DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream as unknown as ConstructorParameters<typeof Response>[0]).arrayBuffer());
}

const BROWSER_FORMATS: ReadonlySet<ImageFormat> = new Set(['png', 'jpeg', 'webp', 'gif', 'avif', 'bmp']);

/**
 * PNGs are decoded in JavaScript ({@link decodePng}, exact PIL pixels, alpha untouched); other formats
 * with the browser's own decoders: `createImageBitmap` (no premultiplication, no colour-space conversion,
 * a JPEG's EXIF orientation neutralised and left to the shared code) drawn on an `OffscreenCanvas` and
 * read back as RGBA. Opaque pictures come back as the browser decoded them; a 2D canvas stores
 * premultiplied alpha, so semi-transparent WebP/GIF pixels may differ from PIL's by rounding (see the
 * README).
 */
async function decodeInBrowser(bytes: Uint8Array, context: DecodeContext): Promise<RawImage> {
  if (context.format === 'png') return decodePng(bytes, inflateWithStreams);
  const g = globalThis as unknown as BrowserGlobals;
  if (g.createImageBitmap === undefined || g.OffscreenCanvas === undefined) {
    throw new Error('this environment has no createImageBitmap + OffscreenCanvas (a browser page or worker has them)');
  }
  // createImageBitmap applies a JPEG's EXIF orientation by default (imageOrientation 'from-image'); set the
  // tag to 1 in a copy so that the shared code alone decides, as in Node.
  let input = bytes;
  const tag = context.jpeg?.orientationTag;
  if (tag !== undefined && tag.orientation !== 1) {
    input = new Uint8Array(bytes); // a copy (a Buffer's slice would be a view)
    input[tag.at] = tag.littleEndian ? 1 : 0;
    input[tag.at + 1] = tag.littleEndian ? 0 : 1;
  }
  const bitmap = await g.createImageBitmap(new Blob([input]), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  try {
    const { width, height } = bitmap;
    const ctx = new g.OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (ctx === null) throw new Error('OffscreenCanvas has no 2d context');
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return { data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength), height, width, channels: 4 };
  } finally {
    bitmap.close();
  }
}

/** The browser's decoders (the `browser` build of `@aug/data`). */
export const browserDecoders: ImageDecoders = {
  name: 'browser',
  canDecode: (format) => BROWSER_FORMATS.has(format),
  missingSupport: (format) => `${FORMAT_NAMES[format]} images are not supported in browsers (JPEG, PNG, WebP, GIF, AVIF and BMP are)`,
  decode: decodeInBrowser,
};
