// Decodes a picture with the browser's own decoder (createImageBitmap), as an @aug/transforms Image:
// uint8 HWC RGB. Opaque pixels come out exactly as the file holds them (no colour conversion, no
// premultiplied alpha); above MAX_SIDE on the longer side the picture is downscaled, with a note.
import type { Image } from '@aug/transforms';

/** Pictures larger than this on their longer side are downscaled to it (the gallery runs 8 transforms on the main thread). */
export const MAX_SIDE = 1024;

/** A decoded picture and what the page should say about it (null: nothing). */
export interface DecodedPicture {
  image: Image;
  note: string | null;
}

/** A failure the page shows as is (the file is not a picture it can read). */
export class PictureError extends Error {
  override readonly name = 'PictureError';
}

/**
 * Decodes `blob` (JPEG, PNG, WebP, GIF, whatever the browser reads) to an RGB uint8 Image.
 *
 * @example
 * ```ts
 * const { image, note } = await decodePicture(file, file.name);
 * ```
 */
export async function decodePicture(blob: Blob, name: string): Promise<DecodedPicture> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch (error) {
    throw new PictureError(`"${name}" is not a picture this browser can decode (type ${blob.type || 'unknown'}, ${blob.size} bytes): ${(error as Error).message || 'the decoder refused it'}. Choose a JPEG, PNG or WebP file.`);
  }
  const { width: w0, height: h0 } = bitmap;
  if (w0 === 0 || h0 === 0) throw new PictureError(`"${name}" decodes to an empty picture (${w0} x ${h0})`);
  const scale = Math.min(1, MAX_SIDE / Math.max(w0, h0));
  const w = Math.max(1, Math.round(w0 * scale));
  const h = Math.max(1, Math.round(h0 * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (ctx === null) throw new PictureError('this browser gives no 2D canvas to read the picture with');
  if (scale < 1) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
  }
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, w, h).data;
  const data = new Uint8Array(w * h * 3);
  let translucent = false;
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    data[q] = rgba[p]!;
    data[q + 1] = rgba[p + 1]!;
    data[q + 2] = rgba[p + 2]!;
    if (rgba[p + 3] !== 255) translucent = true;
  }
  const notes: string[] = [];
  if (scale < 1) notes.push(`Downscaled from ${w0} x ${h0} to ${w} x ${h}: pictures above ${MAX_SIDE} px on the longer side are made smaller first.`);
  if (translucent) notes.push('The picture has transparency: its colour channels are used, alpha is dropped (the browser decoder premultiplies semi-transparent pixels, so those may differ from Node).');
  return { image: { data, height: h, width: w, channels: 3 }, note: notes.length > 0 ? notes.join(' ') : null };
}
