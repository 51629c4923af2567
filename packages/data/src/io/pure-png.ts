import pngjs from 'pngjs';
import type { RawImage } from './raw-image.js';

/**
 * Decodes a PNG with `pngjs` (which needs Node's `Buffer` and `zlib`) into the file's own channels, 8 bits
 * each, reduced as PIL 9.4 reads PNGs: 1/2/4-bit gray scaled to 0..255 (`v * 255 / (2^d - 1)`), a palette
 * expanded to RGB (RGBA with `tRNS`), 16-bit gray clipped to 0..255 (PIL opens it as mode `I` and
 * `convert('L')` clips), other 16-bit types keep the high byte of each sample (PIL's `;16B` raw modes). A
 * `tRNS` colour on a gray or RGB PNG becomes an alpha channel (0 where the colour matches).
 *
 * @example
 * ```ts
 * const raw = decodePngPure(await readFile('a.png')); // raw.channels: the file's own (palette expanded)
 * ```
 */
export function decodePngPure(bytes: Uint8Array): RawImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const png = pngjs.PNG.sync.read(buffer, { skipRescale: true });
  const { width, height, depth } = png;
  const colorType = png.colorType as number;
  const meta = png as unknown as { transColor?: number[] };
  const trans = meta.transColor;
  const src = png.data as unknown as ArrayLike<number>;
  const n = width * height;
  const hasAlpha = (colorType & 4) !== 0 || (colorType === 3 && png.alpha) || trans !== undefined;
  const color = (colorType & 2) !== 0;
  const channels = ((color ? 3 : 1) + (hasAlpha ? 1 : 0)) as 1 | 2 | 3 | 4;
  const out = new Uint8Array(n * channels);
  if (colorType === 3 || depth === 8) {
    // 8-bit samples (and palettes): copy the channels straight out of pngjs's RGBA.
    if (channels === 4) out.set(src as Uint8Array);
    else if (channels === 3) for (let i = 0, s = 0, o = 0; i < n; i++, s += 4, o += 3) { out[o] = src[s]!; out[o + 1] = src[s + 1]!; out[o + 2] = src[s + 2]!; }
    else if (channels === 2) for (let i = 0, s = 0, o = 0; i < n; i++, s += 4, o += 2) { out[o] = src[s]!; out[o + 1] = src[s + 3]!; }
    else for (let i = 0, s = 0; i < n; i++, s += 4) out[i] = src[s]!;
  } else {
    // 1/2/4-bit gray: scaled through a table; 16-bit: PIL's rule (gray clipped, other types the high byte;
    // pngjs gives a gray+tRNS pixel alpha 65535, clipped to 255 like the gray).
    const lut = depth < 8 ? Uint8Array.from({ length: 1 << depth }, (_, v) => Math.round((v * 255) / ((1 << depth) - 1))) : undefined;
    const clip = colorType === 0;
    const picks = color ? (hasAlpha ? [0, 1, 2, 3] : [0, 1, 2]) : hasAlpha ? [0, 3] : [0];
    const c = picks.length;
    for (let k = 0; k < c; k++) {
      const from = picks[k]!;
      for (let i = 0, s = from, o = k; i < n; i++, s += 4, o += c) {
        const v = src[s]!;
        out[o] = lut !== undefined ? lut[v]! : clip ? (v > 255 ? 255 : v) : v >> 8;
      }
    }
  }
  if (trans !== undefined && colorType !== 3) {
    const t = trans.map((v) => (depth < 8 ? Math.round((v * 255) / ((1 << depth) - 1)) : depth === 16 ? (colorType === 0 ? Math.min(v, 255) : v >> 8) : v));
    restoreTransparentColor(out, n, channels, t);
  }
  return { data: out, height, width, channels };
}

/**
 * pngjs zeroes every channel of a pixel that matches the `tRNS` colour; PIL keeps the colour and only
 * makes it transparent. A zeroed pixel matched, so its colour is the `tRNS` colour.
 */
function restoreTransparentColor(out: Uint8Array, n: number, channels: number, trans: number[]): void {
  const a = channels - 1;
  for (let i = 0, o = 0; i < n; i++, o += channels) {
    if (out[o + a] === 0) for (let k = 0; k < a; k++) out[o + k] = trans[k] ?? 0;
  }
}
