import { assertImage } from '../image.js';
import { assertInteger, describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';

/**
 * Overwrites the box at (`i`, `j`) of `h` x `w` with `v` (torchvision `F.erase`; `i` is the row, `j` the
 * column). `v` is one number, one value per channel, or `h * w * channels` values in HWC order (what
 * `RandomErasing` draws for `value: 'random'`). Values are in the image's range; on uint8 images they are
 * rounded to nearest and clamped to 0..255. The box is clipped to the image, as Python slicing does.
 * Returns a new image.
 *
 * @example
 * ```ts
 * const cut = erase(img, 4, 4, 8, 8, 0);
 * const grey = erase(img, 0, 0, 5, 5, [0.5, 0.5, 0.5]);
 * ```
 */
export function erase(img: Image, i: number, j: number, h: number, w: number, v: number | ArrayLike<number>): Image {
  assertImage(img);
  for (const [value, name] of [[i, 'i'], [j, 'j'], [h, 'h'], [w, 'w']] as const) {
    assertInteger(value, name);
    if (value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${describeValue(value)}`);
  }
  const { height, width, channels: c } = img;
  const y1 = Math.min(i + h, height);
  const x1 = Math.min(j + w, width);
  let values: ArrayLike<number>;
  let mode: 'scalar' | 'channel' | 'full';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`v must be a finite number, got ${describeValue(v)}`);
    values = [v];
    mode = 'scalar';
  } else if (v !== null && typeof v === 'object' && typeof (v as ArrayLike<number>).length === 'number') {
    values = v;
    if (values.length === 1) mode = 'scalar';
    else if (values.length === c) mode = 'channel';
    else if (values.length === h * w * c) mode = 'full';
    else throw new RangeError(`v must have 1, ${c} (one per channel) or h*w*channels = ${h * w * c} values, got ${values.length}`);
  } else {
    throw new TypeError(`v must be a number or an array of numbers, got ${describeValue(v)}`);
  }
  const isU8 = img.data instanceof Uint8Array;
  const conv = (x: number) => (isU8 ? toUint8(x / 255) : x);
  const out = img.data.slice();
  for (let y = i; y < y1; y++) {
    for (let x = j; x < x1; x++) {
      const d = (y * width + x) * c;
      for (let k = 0; k < c; k++) {
        const s = mode === 'scalar' ? 0 : mode === 'channel' ? k : ((y - i) * w + (x - j)) * c + k;
        out[d + k] = conv(values[s]!);
      }
    }
  }
  return { data: out, height, width, channels: c };
}
