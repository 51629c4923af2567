import { assertImage } from '../image.js';
import { UINT8_TO_UNIT, describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';
import { checkChannels, checkNonNegative } from '../validate.js';

const f32 = Math.fround;

/** The image's values as float32 in [0, 1] (a view of a float image, a converted copy of a uint8 one). */
export function floatValues(img: Image): Float32Array {
  const { data } = img;
  if (data instanceof Float32Array) return data;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = UINT8_TO_UNIT[data[i]!]!;
  return out;
}

/** Stores float results in an image of `like`'s element type (the uint8 rule for uint8). */
export function fromFloat(like: Image, values: ArrayLike<number>, height: number, width: number, channels: number): Image {
  if (like.data instanceof Uint8Array) {
    const out = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = toUint8(f32(values[i]!));
    return { data: out, height, width, channels };
  }
  return { data: Float32Array.from(values), height, width, channels };
}

/**
 * torch's CPU `linspace(start, end, steps)` in float32, rounding as its kernel does: values from `start` below
 * the middle and from `end` above it; runs of 16 handled as two 8-wide vectors (`base + i * step` from each
 * vector's first index, rounded twice), the rest one by one (`a + b * c` rounded once: torch's build fuses it).
 */
export function linspace32(start: number, end: number, steps: number): Float32Array {
  const out = new Float32Array(steps);
  if (steps === 1) {
    out[0] = start;
    return out;
  }
  const s = f32(start);
  const e = f32(end);
  const step = f32(f32(e - s) / (steps - 1));
  const half = Math.floor(steps / 2);
  const at = (i: number) => (i < half ? f32(s + step * i) : f32(e - step * (steps - i - 1)));
  let i = 0;
  for (; i <= steps - 16; i += 16) {
    for (const v0 of [i, i + 8]) {
      const base = at(v0);
      for (let j = 0; j < 8; j++) out[v0 + j] = f32(base + f32(j * step));
    }
  }
  for (; i < steps; i++) out[i] = at(i);
  return out;
}

/** torchvision's `_get_gaussian_kernel1d` in float32: a sampled Gaussian normalised to sum 1. */
export function gaussianKernel1d(size: number, sigma: number): Float32Array {
  const x = linspace32(-(size - 1) * 0.5, (size - 1) * 0.5, size);
  const pdf = new Float32Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const t = f32(x[i]! / f32(sigma));
    pdf[i] = Math.exp(f32(-0.5 * f32(t * t)));
    sum = f32(sum + pdf[i]!);
  }
  for (let i = 0; i < size; i++) pdf[i] = f32(pdf[i]! / sum);
  return pdf;
}

/** Checks torchvision's `kernel_size` argument: a positive odd integer or `[x, y]` of them. */
export function checkKernelSize(kernelSize: unknown, name = 'kernelSize'): [number, number] {
  const k = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : Array.isArray(kernelSize) && kernelSize.length === 1 ? [kernelSize[0], kernelSize[0]] : kernelSize;
  if (!Array.isArray(k) || k.length !== 2) throw new TypeError(`${name} must be an odd positive integer or [x, y] of them, got ${describeValue(kernelSize)}`);
  for (const v of k) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v % 2 === 0) {
      throw new RangeError(`${name} values must be odd and positive integers, got ${describeValue(kernelSize)}`);
    }
  }
  return [k[0] as number, k[1] as number];
}

/** Checks torchvision's `sigma` argument for a kernel size (default `0.15 * k + 0.35` per axis). */
export function checkSigma(sigma: unknown, kernelSize: [number, number], name = 'sigma'): [number, number] {
  if (sigma === undefined || sigma === null) return [kernelSize[0] * 0.15 + 0.35, kernelSize[1] * 0.15 + 0.35];
  const s = typeof sigma === 'number' ? [sigma, sigma] : Array.isArray(sigma) && sigma.length === 1 ? [sigma[0], sigma[0]] : sigma;
  if (!Array.isArray(s) || s.length !== 2 || !s.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new TypeError(`${name} must be a positive number or [x, y] of them, got ${describeValue(sigma)}`);
  }
  if ((s[0] as number) <= 0 || (s[1] as number) <= 0) throw new RangeError(`${name} values must be positive, got ${describeValue(sigma)}`);
  return [s[0] as number, s[1] as number];
}

/**
 * Separable convolution of float values (HWC, `c` channels) with reflect padding (torch's `reflect`, which
 * needs the half-size below the image size): `kx` along the width, then `ky` along the height.
 */
export function blurFloat(src: Float32Array, h: number, w: number, c: number, kx: Float32Array, ky: Float32Array): Float64Array {
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  const reflect = (i: number, n: number) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
  const mid = new Float64Array(h * w * c);
  const cols = new Int32Array(w * kx.length);
  for (let x = 0; x < w; x++) for (let j = 0; j < kx.length; j++) cols[x * kx.length + j] = reflect(x + j - rx, w);
  for (let y = 0; y < h; y++) {
    const row = y * w * c;
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        let acc = 0;
        for (let j = 0; j < kx.length; j++) acc += kx[j]! * src[row + cols[x * kx.length + j]! * c + k]!;
        mid[row + x * c + k] = acc;
      }
    }
  }
  const out = new Float64Array(h * w * c);
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    for (let j = 0; j < ky.length; j++) {
      const sy = reflect(y + j - ry, h);
      const wgt = ky[j]!;
      const s = sy * rowLen;
      const d = y * rowLen;
      for (let i = 0; i < rowLen; i++) out[d + i]! += wgt * mid[s + i]!;
    }
  }
  return out;
}

/**
 * Blurs with a Gaussian kernel (torchvision `F.gaussian_blur`): `kernelSize` odd, `[x, y]` or one number;
 * `sigma` `[x, y]` or one number (default `0.15 * k + 0.35` per axis, as torchvision); reflect padding,
 * so each half-size must be smaller than the image side.
 *
 * @example
 * ```ts
 * const soft = gaussianBlur(img, 5, 1.5);
 * const wide = gaussianBlur(img, [9, 3], [2, 0.5]);
 * ```
 */
export function gaussianBlur(img: Image, kernelSize: number | [number] | [number, number], sigma?: number | [number] | [number, number]): Image {
  assertImage(img);
  const ks = checkKernelSize(kernelSize);
  const sg = checkSigma(sigma, ks);
  const { height: h, width: w, channels: c } = img;
  if ((ks[0] - 1) / 2 >= w || (ks[1] - 1) / 2 >= h) {
    throw new RangeError(`kernelSize ${describeValue(ks)} is too large for a ${h}x${w} image: reflect padding needs (size - 1) / 2 below the image side`);
  }
  const out = blurFloat(floatValues(img), h, w, c, gaussianKernel1d(ks[0], sg[0]), gaussianKernel1d(ks[1], sg[1]));
  return fromFloat(img, out, h, w, c);
}

/** `[1 1 1; 1 5 1; 1 1 1] / 13` in float32, torchvision's smoothing kernel for `adjust_sharpness`. */
const SIDE = f32(1 / 13);
const CENTRE = f32(5 / 13);

/**
 * Sharpens (`factor` > 1) or blurs (`factor` < 1) by blending with a smoothed copy whose border pixels are
 * the original's (torchvision `F.adjust_sharpness`): 0 gives the smoothed image, 1 the original.
 * Needs 1 or 3 channels; images with a side of 2 or less are returned as a copy.
 *
 * @example
 * ```ts
 * const crisp = adjustSharpness(img, 2);
 * ```
 */
export function adjustSharpness(img: Image, factor: number): Image {
  assertImage(img);
  checkNonNegative(factor, 'sharpness_factor');
  checkChannels(img.channels, [1, 3]);
  const { height: h, width: w, channels: c } = img;
  if (h <= 2 || w <= 2) return { data: img.data.slice(), height: h, width: w, channels: c };
  const src = floatValues(img);
  const out = new Float64Array(src.length);
  const row = w * c;
  const a = 1 - factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        const i = y * row + x * c + k;
        const v = src[i]!;
        let blurred = v;
        if (y > 0 && y < h - 1 && x > 0 && x < w - 1) {
          const s =
            src[i - row - c]! + src[i - row]! + src[i - row + c]! + src[i - c]! + src[i + c]! + src[i + row - c]! + src[i + row]! + src[i + row + c]!;
          blurred = f32(SIDE * s + CENTRE * v);
        }
        const r = f32(factor * v + a * blurred);
        out[i] = r < 0 ? 0 : r > 1 ? 1 : r;
      }
    }
  }
  return fromFloat(img, out, h, w, c);
}
