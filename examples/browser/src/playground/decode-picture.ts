// Decodes a picture as @aug/data does in Node (`decodeImage(bytes, { mode: 'rgb' })`, its browser build:
// PNG in JavaScript, exact including semi-transparent pixels; JPEG, WebP, GIF through the browser's own
// decoder). Above MAX_SIDE on the longer side the picture is downscaled with @aug/transforms' resize
// (bilinear, antialiased: what Node computes too), with a note.
import { decodeImage } from '@aug/data';
import { functional, type Image } from '@aug/transforms';

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
 * Decodes `blob` (PNG, JPEG, WebP, GIF) to an RGB uint8 Image, as PIL's `convert('RGB')` (alpha dropped).
 *
 * @example
 * ```ts
 * const { image, note } = await decodePicture(file, file.name);
 * ```
 */
export async function decodePicture(blob: Blob, name: string): Promise<DecodedPicture> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let original: Image;
  let image: Image;
  try {
    original = await decodeImage(bytes, { mode: 'unchanged' });
    image = original.channels === 3 ? original : await decodeImage(bytes, { mode: 'rgb' });
  } catch (error) {
    throw new PictureError(`"${name}" is not a picture this browser can decode (type ${blob.type || 'unknown'}, ${blob.size} bytes): ${(error as Error).message || 'the decoder refused it'}. Choose a JPEG, PNG or WebP file.`);
  }
  const { width: w0, height: h0 } = image;
  if (w0 === 0 || h0 === 0) throw new PictureError(`"${name}" decodes to an empty picture (${w0} x ${h0})`);
  const notes: string[] = [];
  const scale = Math.min(1, MAX_SIDE / Math.max(w0, h0));
  if (scale < 1) {
    const size: [number, number] = [Math.max(1, Math.round(h0 * scale)), Math.max(1, Math.round(w0 * scale))];
    image = functional.resize(image, size, { interpolation: 'bilinear', antialias: true });
    notes.push(`Downscaled from ${w0} x ${h0} to ${image.width} x ${image.height}: pictures above ${MAX_SIDE} px on the longer side are made smaller first.`);
  }
  if (original.channels === 2 || original.channels === 4) notes.push("Its alpha channel is dropped (PIL's convert('RGB')).");
  return { image, note: notes.length > 0 ? notes.join(' ') : null };
}
