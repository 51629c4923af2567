import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { isLeadingAxes, reduceRows } from './reduce-wasm.js';
import { cpuValues, runFallback, type CpuBackendLike } from './cpu-helpers.js';


/**
 * The reduced axes as one contiguous block [from, to) that leaves at least the last axis, but is not
 * the per-channel case (all axes but the last): `outer` values before it, `mid` reduced, `inner` after.
 * Null for other axis sets (and for empty ones).
 */
export function middleBlock(axes: number[], shape: readonly number[]): { from: number; to: number; outer: number; mid: number; inner: number } | null {
  if (axes.length === 0) return null;
  const sorted = [...axes].sort((p, q) => p - q);
  const from = sorted[0]!;
  const to = sorted[sorted.length - 1]! + 1;
  if (to - from !== sorted.length || to === shape.length) return null;
  const size = (lo: number, hi: number) => shape.slice(lo, hi).reduce((p, q) => p * q, 1);
  return { from, to, outer: size(0, from), mid: size(from, to), inner: size(to, shape.length) };
}

/**
 * For each of `outer` blocks, sums its `mid` contiguous rows of `inner` values (float64 accumulators),
 * as tfjs-backend-cpu's `Sum` does after its transpose, to the bit: `Mean` divides each value by `mid`
 * in float32 first, as its `Mean` does.
 */
export function reduceMiddle(x: Float32Array, outer: number, mid: number, inner: number, mean: boolean, out: Float32Array): void {
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    let off = o * mid * inner;
    if (mean) {
      for (let m = 0; m < mid; m++, off += inner) for (let i = 0; i < inner; i++) acc[i]! += Math.fround(x[off + i]! / mid);
    } else {
      for (let m = 0; m < mid; m++, off += inner) for (let i = 0; i < inner; i++) acc[i]! += x[off + i]!;
    }
    out.set(acc, o * inner);
  }
}

/**
 * `Sum` / `Mean` for a tfjs-backend-cpu instance, fast for the per-channel reduction of an NHWC
 * activation (all axes but the last: every convolution's bias gradient and BatchNorm's statistics)
 * and for a block of middle axes (global average pooling: `mean(x, [1, 2])`). The stock kernels
 * transpose the reduced axes to the end first (~100 ns per element); this is one pass over contiguous
 * rows with float64 accumulators ({@link reduceRows}, {@link reduceMiddle}: the latter equals the stock
 * kernels to the bit). Other axes and dtypes go to `fallback`.
 */
export function cpuChannelReduceKernel(kernelName: 'Sum' | 'Mean', backendName: string, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const a = (attrs ?? {}) as { axis?: number | number[]; keepDims?: boolean };
    const axes = util.parseAxisParam(a.axis ?? [], x.shape);
    if (x.dtype !== 'float32') return runFallback(kernelName, fallback, args);
    const cpu = backend as unknown as CpuBackendLike;
    if (!isLeadingAxes(axes, x.shape.length)) {
      const block = middleBlock(axes, x.shape);
      if (block === null) return runFallback(kernelName, fallback, args);
      const { outer, mid, inner } = block;
      const out = new Float32Array(outer * inner);
      reduceMiddle(cpuValues(cpu, x), outer, mid, inner, kernelName === 'Mean', out);
      const outShape = x.shape.map((d, i) => (i >= block.from && i < block.to ? 1 : d)).filter((_, i) => a.keepDims === true || i < block.from || i >= block.to);
      return cpu.makeTensorInfo(outShape, 'float32', out);
    }
    const channels = x.shape[x.shape.length - 1]!;
    const rows = channels === 0 ? 0 : util.sizeFromShape(x.shape) / channels;
    const outShape = a.keepDims === true ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
    const out = new Float32Array(channels);
    reduceRows(cpuValues(cpu, x), rows, channels, out, kernelName === 'Mean' ? 1 / rows : 1);
    return cpu.makeTensorInfo(outShape, 'float32', out);
  };
  return { kernelName, backendName, kernelFunc };
}
