import type { RawImage } from './raw-image.js';

/**
 * `img` with `channels` channels, by PIL's `Image.convert` between L (1), LA (2), RGB (3) and RGBA (4):
 * gray from colour is ITU-R 601-2 luma in PIL's fixed point, `(19595 R + 38470 G + 7471 B + 0x8000) >> 16`;
 * gray to colour replicates; alpha is dropped without compositing, or 255 when added. Returns `img`
 * itself when it already has `channels`.
 *
 * @example
 * ```ts
 * convertChannels({ data: rgba, height: 2, width: 2, channels: 4 }, 1); // PIL's convert('L')
 * ```
 */
export function convertChannels(img: RawImage, channels: 1 | 2 | 3 | 4): RawImage {
  const from = img.channels;
  if (from === channels) return img;
  const src = img.data;
  const n = img.height * img.width;
  const out = new Uint8Array(n * channels);
  const fromColor = from >= 3;
  const fromAlpha = from === 2 || from === 4;
  const alphaAt = from - 1;
  if (channels <= 2) {
    for (let i = 0, s = 0, o = 0; i < n; i++, s += from, o += channels) {
      out[o] = fromColor ? (src[s]! * 19595 + src[s + 1]! * 38470 + src[s + 2]! * 7471 + 0x8000) >>> 16 : src[s]!;
      if (channels === 2) out[o + 1] = fromAlpha ? src[s + alphaAt]! : 255;
    }
  } else {
    for (let i = 0, s = 0, o = 0; i < n; i++, s += from, o += channels) {
      if (fromColor) {
        out[o] = src[s]!;
        out[o + 1] = src[s + 1]!;
        out[o + 2] = src[s + 2]!;
      } else {
        const v = src[s]!;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
      }
      if (channels === 4) out[o + 3] = fromAlpha ? src[s + alphaAt]! : 255;
    }
  }
  return { data: out, height: img.height, width: img.width, channels };
}
