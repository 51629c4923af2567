import { assertImage } from '../image.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';

/** Expands a per-channel argument (a number, `[v]`, or one value per channel). */
export function perChannel(v: unknown, channels: number, name: string): number[] {
  if (typeof v === 'number' && Number.isFinite(v)) return new Array<number>(channels).fill(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    if (v.length === channels) return [...(v as number[])];
    if (v.length === 1) return new Array<number>(channels).fill(v[0] as number);
  }
  throw new TypeError(`${name} must be a number or ${channels} finite numbers (one per channel), got ${describeValue(v)}`);
}

/**
 * Checks normalisation statistics: every std must be positive, finite and large enough that `1 / std` is a
 * finite float32 (torchvision raises only on zero; a negative or tiny std gives infinities or flipped signs).
 */
export function checkStd(std: readonly number[]): void {
  if (std.some((s) => s === 0 || Math.fround(s) === 0)) {
    throw new RangeError(`std evaluated to zero after conversion to float32, leading to division by zero: got std ${describeValue(std)}`);
  }
  const bad = std.find((s) => !(s > 0) || !Number.isFinite(s) || !Number.isFinite(Math.fround(1 / s)));
  if (bad !== undefined) {
    throw new RangeError(`std values must be positive and finite with 1/std a finite float32 (std >= ~3e-39), got ${describeValue(bad)} in std ${describeValue(std)}`);
  }
}

/**
 * Standardises each channel: `(x - mean[c]) / std[c]` (torchvision `F.normalize`). Needs a float image
 * (apply `toTensor` first), as torchvision does.
 *
 * @example
 * ```ts
 * const x = normalize(toTensor(img), [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
 * ```
 */
export function normalize(img: Image, mean: number | readonly number[], std: number | readonly number[]): Image {
  assertImage(img);
  if (!(img.data instanceof Float32Array)) {
    throw new TypeError('normalize needs a float image (Float32Array in [0, 1]), got uint8: apply toTensor(img) first');
  }
  const { height, width, channels } = img;
  const m = perChannel(mean, channels, 'mean');
  const s = perChannel(std, channels, 'std');
  checkStd(s);
  const src = img.data;
  const out = new Float32Array(src.length);
  if (channels === 3) {
    const [m0, m1, m2] = m as [number, number, number];
    const i0 = 1 / s[0]!;
    const i1 = 1 / s[1]!;
    const i2 = 1 / s[2]!;
    for (let i = 0; i < src.length; i += 3) {
      out[i] = (src[i]! - m0) * i0;
      out[i + 1] = (src[i + 1]! - m1) * i1;
      out[i + 2] = (src[i + 2]! - m2) * i2;
    }
  } else {
    for (let i = 0; i < src.length; i++) {
      const k = i % channels;
      out[i] = (src[i]! - m[k]!) / s[k]!;
    }
  }
  return { data: out, height, width, channels };
}
