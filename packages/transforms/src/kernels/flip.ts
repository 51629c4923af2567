import { assertImage } from '../image.js';
import type { Image } from '../image.js';
import { alloc } from './pixels.js';

/**
 * Flips an image left to right (torchvision `F.hflip`). Works on uint8 and float images alike and
 * never mutates its input.
 *
 * @example
 * ```ts
 * const mirrored = hflip(img);
 * ```
 */
export function hflip(img: Image): Image {
  assertImage(img);
  const { height: h, width: w, channels: c } = img;
  const src = img.data;
  const out = alloc(img, src.length);
  const row = w * c;
  if (c === 3) {
    for (let y = 0; y < h; y++) {
      const base = y * row;
      for (let x = 0, s = base + row - 3, d = base; x < w; x++, s -= 3, d += 3) {
        out[d] = src[s]!;
        out[d + 1] = src[s + 1]!;
        out[d + 2] = src[s + 2]!;
      }
    }
  } else {
    for (let y = 0; y < h; y++) {
      const base = y * row;
      for (let x = 0; x < w; x++) {
        const s = base + (w - 1 - x) * c;
        const d = base + x * c;
        for (let k = 0; k < c; k++) out[d + k] = src[s + k]!;
      }
    }
  }
  return { data: out, height: h, width: w, channels: c };
}

/**
 * Flips an image top to bottom (torchvision `F.vflip`).
 *
 * @example
 * ```ts
 * const upsideDown = vflip(img);
 * ```
 */
export function vflip(img: Image): Image {
  assertImage(img);
  const { height: h, width: w, channels: c } = img;
  const src = img.data;
  const out = alloc(img, src.length);
  const row = w * c;
  for (let y = 0; y < h; y++) {
    out.set(src.subarray((h - 1 - y) * row, (h - y) * row), y * row);
  }
  return { data: out, height: h, width: w, channels: c };
}
