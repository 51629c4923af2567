import { clampByte } from '@aug/internal';
import type { Image } from '@aug/transforms';
import { PNG } from 'pngjs';

/**
 * Encodes an Image as PNG. 1 channel is grey, 2 grey + alpha, 3 RGB, 4 RGBA; float pixels ([0, 1]) are
 * scaled by 255, rounded and clamped, as torchvision's `to_pil_image`.
 *
 * @example
 * ```ts
 * writeFileSync('img.png', imageToPng(img));
 * ```
 */
export function imageToPng(img: Image, name = 'img'): Buffer {
  const { height: h, width: w, channels: c, data } = img;
  if (c < 1 || c > 4) throw new RangeError(`${name} has ${c} channels; PNG needs 1 (grey), 2, 3 (RGB) or 4 (RGBA)`);
  const rgba = Buffer.alloc(w * h * 4);
  const float = data instanceof Float32Array;
  // The float -> uint8 rule shared with @aug/transforms' kernels: v * 255, rounded, clamped, NaN -> 0.
  const at = (i: number): number => clampByte(float ? data[i]! * 255 : data[i]!);
  for (let p = 0; p < w * h; p++) {
    const s = p * c;
    const d = p * 4;
    if (c <= 2) {
      const g = at(s);
      rgba[d] = g;
      rgba[d + 1] = g;
      rgba[d + 2] = g;
      rgba[d + 3] = c === 2 ? at(s + 1) : 255;
    } else {
      rgba[d] = at(s);
      rgba[d + 1] = at(s + 1);
      rgba[d + 2] = at(s + 2);
      rgba[d + 3] = c === 4 ? at(s + 3) : 255;
    }
  }
  const png = new PNG({ width: w, height: h });
  rgba.copy(png.data);
  return PNG.sync.write(png, { colorType: c === 4 || c === 2 ? 6 : 2 });
}

/**
 * Decodes a PNG to RGBA pixels (for tests and tools).
 *
 * @example
 * ```ts
 * const { width, height, data } = decodePng(fig.toPNG());
 * ```
 */
export function decodePng(png: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const out = PNG.sync.read(Buffer.from(png));
  return { width: out.width, height: out.height, data: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length) };
}
