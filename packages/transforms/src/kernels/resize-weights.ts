import type { Interpolation } from './resize.js';

/** Resampling weights along one axis: output `o` reads `count[o]` inputs from `start[o]` with `weights[o * stride + j]`. */
export interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  stride: number;
  weights: Float64Array;
}

const f32 = Math.fround;

/** Half-pixel bilinear (align_corners=False) as torch's CPU upsample kernel, in float32 index arithmetic. */
export function linearWeights(inSize: number, outSize: number): AxisWeights {
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * 2);
  const scale = f32(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    let src = f32(f32(scale * f32(o + 0.5)) - 0.5);
    if (src < 0) src = 0;
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const l1 = Math.min(Math.max(f32(src - i0), 0), 1);
    const l0 = f32(1 - l1);
    start[o] = i0;
    if (i0 < inSize - 1) {
      count[o] = 2;
      weights[o * 2] = l0;
      weights[o * 2 + 1] = l1;
    } else {
      count[o] = 1;
      weights[o * 2] = l0 + l1;
    }
  }
  return { start, count, stride: 2, weights };
}

/** torch's cubic convolution kernel with parameter `a` (-0.75 for plain bicubic, -0.5 for the antialiased filter). */
function cubicFilter(x: number, a: number): number {
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  return 0;
}

/**
 * Antialiased weights as torch's `_compute_indices_weights_aa`: a triangle (bilinear) or a = -0.5 cubic
 * (bicubic) filter whose support is scaled by the shrink factor.
 */
export function antialiasWeights(inSize: number, outSize: number, cubic = false): AxisWeights {
  const scale = inSize / outSize;
  const half = cubic ? 2 : 1;
  const support = scale >= 1 ? half * scale : half;
  const invscale = scale >= 1 ? 1 / scale : 1;
  const stride = Math.ceil(support) * 2 + 1;
  const filter = cubic ? (x: number) => cubicFilter(x, -0.5) : (x: number) => (x < 1 ? 1 - x : 0);
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const center = scale * (o + 0.5);
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xsize = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let total = 0;
    for (let j = 0; j < xsize; j++) {
      const w = filter(Math.abs((j + xmin - center + 0.5) * invscale));
      weights[o * stride + j] = w;
      total += w;
    }
    if (total !== 0) for (let j = 0; j < xsize; j++) weights[o * stride + j] /= total;
    start[o] = xmin;
    count[o] = xsize;
  }
  return { start, count, stride, weights };
}

/**
 * Plain bicubic weights as torch's `upsample_bicubic2d` (align_corners=False, A = -0.75): four taps around
 * `scale * (o + 0.5) - 0.5` (not clamped), indices clamped to the image, merged into one contiguous run.
 */
export function cubicWeights(inSize: number, outSize: number): AxisWeights {
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const stride = 4;
  const weights = new Float64Array(outSize * stride);
  const scale = f32(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    const src = f32(f32(scale * f32(o + 0.5)) - 0.5);
    const i0 = Math.floor(src);
    const t = f32(src - i0);
    const taps = [cubicFilter(t + 1, -0.75), cubicFilter(t, -0.75), cubicFilter(1 - t, -0.75), cubicFilter(2 - t, -0.75)].map(f32);
    const idx = [i0 - 1, i0, i0 + 1, i0 + 2].map((i) => Math.min(Math.max(i, 0), inSize - 1));
    const lo = idx[0]!;
    start[o] = lo;
    count[o] = idx[3]! - lo + 1;
    for (let j = 0; j < 4; j++) weights[o * stride + idx[j]! - lo]! += taps[j]!;
  }
  return { start, count, stride, weights };
}

/** The weight table of an axis for an interpolation mode (bilinear or bicubic, antialiased or not). */
export function axisWeights(inSize: number, outSize: number, interpolation: Interpolation, antialias: boolean): AxisWeights {
  if (antialias) return antialiasWeights(inSize, outSize, interpolation === 'bicubic');
  return interpolation === 'bicubic' ? cubicWeights(inSize, outSize) : linearWeights(inSize, outSize);
}

/** torch's `nearest` source indices (`floor(dst * (in / out))` in float32, clamped). */
export function nearestIndices(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  if (outSize === inSize) {
    for (let o = 0; o < outSize; o++) idx[o] = o;
  } else if (outSize === 2 * inSize) {
    for (let o = 0; o < outSize; o++) idx[o] = o >> 1;
  } else {
    const scale = f32(inSize / outSize);
    for (let o = 0; o < outSize; o++) idx[o] = Math.min(Math.floor(f32(o * scale)), inSize - 1);
  }
  return idx;
}

const weightCache = new Map<number, AxisWeights>();

/** Weight tables are pure functions of (in, out, mode, antialias): keep the recent ones (RandomResizedCrop reuses few sizes). */
export function cachedWeights(inSize: number, outSize: number, interpolation: Interpolation, antialias: boolean): AxisWeights {
  const key = ((inSize * 65536 + outSize) * 2 + (antialias ? 1 : 0)) * 2 + (interpolation === 'bicubic' ? 1 : 0);
  let t = weightCache.get(key);
  if (t === undefined) {
    t = axisWeights(inSize, outSize, interpolation, antialias);
    if (weightCache.size >= 1024) weightCache.clear();
    weightCache.set(key, t);
  }
  return t;
}
