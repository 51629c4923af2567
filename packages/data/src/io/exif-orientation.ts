import type { RawImage } from './raw-image.js';

/** An EXIF orientation, 1..8 (1 = as stored). */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** Where an EXIF Orientation value sits in the bytes: its offset and byte order. */
export interface OrientationTag {
  orientation: ExifOrientation;
  /** Offset of the tag's 2-byte value. */
  at: number;
  littleEndian: boolean;
}

/**
 * The Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block (starting at `start` with `II` or
 * `MM`), or `undefined` when absent or malformed.
 *
 * @example
 * ```ts
 * locateExifOrientation(app1, 6, app1.length)?.orientation; // 6 when the TIFF block says so
 * ```
 */
export function locateExifOrientation(bytes: Uint8Array, start: number, end: number): OrientationTag | undefined {
  if (end - start < 8) return undefined;
  const little = bytes[start] === 0x49 && bytes[start + 1] === 0x49;
  if (!little && !(bytes[start] === 0x4d && bytes[start + 1] === 0x4d)) return undefined;
  const u16 = (at: number): number => (little ? bytes[at]! | (bytes[at + 1]! << 8) : (bytes[at]! << 8) | bytes[at + 1]!);
  const u32 = (at: number): number =>
    little
      ? (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
      : ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  if (u16(start + 2) !== 42) return undefined;
  const ifd = start + u32(start + 4);
  if (ifd + 2 > end) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return undefined;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? { orientation: value as ExifOrientation, at: entry + 8, littleEndian: little } : undefined;
    }
  }
  return undefined;
}

/**
 * The EXIF orientation of a TIFF-structured block, 1 when absent or malformed (see {@link locateExifOrientation}).
 *
 * @example
 * ```ts
 * readExifOrientation(app1, 6, app1.length); // 6 when the TIFF block after 'Exif\0\0' says so
 * ```
 */
export function readExifOrientation(bytes: Uint8Array, start: number, end: number): ExifOrientation {
  return locateExifOrientation(bytes, start, end)?.orientation ?? 1;
}

/**
 * `img` turned upright for its EXIF `orientation`, as PIL's `ImageOps.exif_transpose` (and torchvision's
 * `apply_exif_orientation`): 2 mirrors left-right, 3 rotates 180°, 4 mirrors top-bottom, 5 transposes,
 * 6 rotates 90° clockwise, 7 transverses, 8 rotates 90° counter-clockwise. 1 returns `img` itself.
 *
 * @example
 * ```ts
 * const upright = applyExifOrientation(raw, 6); // rotated 90° clockwise: height and width swap
 * ```
 */
export function applyExifOrientation(img: RawImage, orientation: ExifOrientation): RawImage {
  if (orientation === 1) return img;
  const { data, height: h, width: w, channels: c } = img;
  const swap = orientation >= 5;
  const oh = swap ? w : h;
  const ow = swap ? h : w;
  const out = new Uint8Array(data.length);
  // For each output pixel (y, x), the source pixel is base + y * dy + x * dx (in pixels).
  let base: number;
  let dy: number;
  let dx: number;
  switch (orientation) {
    case 2: base = w - 1; dy = w; dx = -1; break;
    case 3: base = h * w - 1; dy = -w; dx = -1; break;
    case 4: base = (h - 1) * w; dy = -w; dx = 1; break;
    case 5: base = 0; dy = 1; dx = w; break;
    case 6: base = (h - 1) * w; dy = 1; dx = -w; break;
    case 7: base = h * w - 1; dy = -1; dx = -w; break;
    default: base = w - 1; dy = -1; dx = w; break;
  }
  let o = 0;
  for (let y = 0; y < oh; y++) {
    let src = base + y * dy;
    for (let x = 0; x < ow; x++, src += dx) {
      const s = src * c;
      for (let k = 0; k < c; k++) out[o++] = data[s + k]!;
    }
  }
  return { data: out, height: oh, width: ow, channels: c };
}
