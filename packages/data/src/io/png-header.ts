import { readExifOrientation, type ExifOrientation } from './exif-orientation.js';

/** What the chunks before the pixel data say about a PNG. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: number;
  interlaced: boolean;
  /** A `tRNS` chunk came before the pixel data. */
  hasTransparency: boolean;
  orientation: ExifOrientation;
}

const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/**
 * Parses the chunks of a PNG up to the first IDAT; `undefined` when IHDR is missing or cut.
 *
 * @example
 * ```ts
 * readPngHeader(bytes)?.bitDepth; // 16 for a 16-bit PNG
 * ```
 */
export function readPngHeader(b: Uint8Array): PngHeader | undefined {
  if (b.length < 33 || u32(b, 12) !== 0x49484452 /* IHDR */) return undefined;
  const header: PngHeader = {
    width: u32(b, 16),
    height: u32(b, 20),
    bitDepth: b[24]!,
    colorType: b[25]!,
    interlaced: b[28] === 1,
    hasTransparency: false,
    orientation: 1,
  };
  let at = 33;
  while (at + 8 <= b.length) {
    const length = u32(b, at);
    const type = u32(b, at + 4);
    if (type === 0x49444154 /* IDAT */ || type === 0x49454e44 /* IEND */) break;
    const start = at + 8;
    const end = Math.min(start + length, b.length);
    if (type === 0x74524e53 /* tRNS */) header.hasTransparency = true;
    else if (type === 0x65584966 /* eXIf */) header.orientation = readExifOrientation(b, start, end);
    at = start + length + 4;
  }
  return header;
}

/**
 * Channels of the PNG as stored (palette: RGB, or RGBA with tRNS).
 *
 * @example
 * ```ts
 * pngChannels(readPngHeader(bytes)!); // 4 for a palette PNG with tRNS
 * ```
 */
export function pngChannels(h: PngHeader): 1 | 2 | 3 | 4 {
  switch (h.colorType) {
    case 0: return 1;
    case 4: return 2;
    case 3: return h.hasTransparency ? 4 : 3;
    case 6: return 4;
    default: return 3;
  }
}
