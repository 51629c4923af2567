import { locateExifOrientation, type ExifOrientation, type OrientationTag } from './exif-orientation.js';

/** What the markers before the first scan say about a JPEG. */
export interface JpegHeader {
  width: number;
  height: number;
  /** 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  components: number;
  progressive: boolean;
  orientation: ExifOrientation;
  /** Where the EXIF orientation value is, when there is one (the browser decoder neutralises it). */
  orientationTag?: OrientationTag;
}

/**
 * Parses the markers of a JPEG up to the first scan; `undefined` when no frame header was found.
 *
 * @example
 * ```ts
 * readJpegHeader(bytes)?.components; // 1 for a grayscale JPEG
 * ```
 */
export function readJpegHeader(b: Uint8Array): JpegHeader | undefined {
  let at = 2;
  let tag: OrientationTag | undefined;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) { at++; continue; }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { at += 2; continue; }
    const length = (b[at + 2]! << 8) | b[at + 3]!;
    const start = at + 4;
    const end = Math.min(at + 2 + length, b.length);
    if (marker === 0xe1 && end - start > 6 && b[start] === 0x45 && b[start + 1] === 0x78 && b[start + 2] === 0x69 && b[start + 3] === 0x66 && b[start + 4] === 0 && b[start + 5] === 0) {
      tag = locateExifOrientation(b, start + 6, end);
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (end - start < 6) return undefined;
      return {
        height: (b[start + 1]! << 8) | b[start + 2]!,
        width: (b[start + 3]! << 8) | b[start + 4]!,
        components: b[start + 5]!,
        progressive: marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce,
        orientation: tag?.orientation ?? 1,
        ...(tag === undefined ? {} : { orientationTag: tag }),
      };
    } else if (marker === 0xda || marker === 0xd9) {
      return undefined;
    }
    at += 2 + length;
  }
  return undefined;
}
