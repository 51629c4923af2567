import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allocFloat32 } from './buffer-pool.js';
import { cpuValues, runFallback, type CpuBackendLike } from './cpu-helpers.js';
import { blockRows } from './row-blocks.js';

/**
 * BatchNorm in inference mode as one multiply-add per element: `y = x * a[c] + b[c]` with
 * `a = scale / sqrt(variance + epsilon)` and `b = offset - mean * a` (float64), for a float32 `x` whose
 * parameters are each per-channel (the last axis) or a single value; null for anything else.
 */
export interface InferenceCoefficients {
  readonly x: TensorInfo;
  readonly channels: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
}

/** The {@link InferenceCoefficients} of a `FusedBatchNorm` call on a tfjs-backend-cpu instance, or null when the fast paths do not take it. */
export function inferenceCoefficients(args: Parameters<KernelFunc>[0]): InferenceCoefficients | null {
  const { x, mean, variance, scale, offset } = args.inputs as Record<string, TensorInfo | undefined>;
  const channels = x?.shape[x.shape.length - 1] ?? 0;
  const params = [mean, variance, scale, offset];
  const perChannel = (t: TensorInfo | undefined): boolean => t === undefined || t === null || (t.dtype === 'float32' && (t.shape.reduce((a, b) => a * b, 1) === channels || t.shape.reduce((a, b) => a * b, 1) === 1));
  if (x === undefined || x.dtype !== 'float32' || x.shape.length === 0 || mean === undefined || variance === undefined || !params.every(perChannel)) return null;
  const cpu = args.backend as unknown as CpuBackendLike;
  const epsilon = Number((args.attrs ?? {})['varianceEpsilon'] ?? 0.001);
  const at = (t: TensorInfo | undefined, c: number, none: number): number => {
    if (t === undefined || t === null) return none;
    const v = cpuValues(cpu, t);
    return v.length === 1 ? v[0]! : v[c]!;
  };
  const a = new Float64Array(channels);
  const b = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    a[c] = at(scale, c, 1) / Math.sqrt(at(variance, c, 0) + epsilon);
    b[c] = at(offset, c, 0) - at(mean, c, 0) * a[c]!;
  }
  return { x, channels, a, b };
}

/**
 * `FusedBatchNorm` (BatchNorm in inference mode: the running statistics) for a tfjs-backend-cpu
 * instance, when every parameter is per-channel (the last axis) or a single value: the per-channel
 * `scale / sqrt(variance + epsilon)` and shift are computed once ({@link inferenceCoefficients}), then one
 * multiply-add per element. The stock kernel takes a square root and a division per element and indexes
 * every parameter modulo its length (see the README's onnxruntime route for what it costs). Other shapes
 * go to `fallback`.
 */
export function cpuBatchNormInferenceKernel(backendName: string, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const coefficients = inferenceCoefficients(args);
    if (coefficients === null) return runFallback('FusedBatchNorm', fallback, args);
    const { x, channels, a, b } = coefficients;
    const cpu = args.backend as unknown as CpuBackendLike;
    const xs = cpuValues(cpu, x);
    const out = allocFloat32(cpu, xs.length);
    // Block by block, one channel at a time (its coefficients in locals: see blockRows).
    const rows = channels === 0 ? 0 : xs.length / channels;
    const block = blockRows(channels);
    for (let r0 = 0; r0 < rows; r0 += block) {
      const end = Math.min(rows, r0 + block) * channels;
      for (let c = 0; c < channels; c++) {
        const ac = a[c]!;
        const bc = b[c]!;
        for (let i = r0 * channels + c; i < end; i += channels) out[i] = xs[i]! * ac + bc;
      }
    }
    return cpu.makeTensorInfo(x.shape, 'float32', out);
  };
  return { kernelName: 'FusedBatchNorm', backendName, kernelFunc };
}
