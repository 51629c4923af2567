import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { allocFloat32 } from '../kernels/buffer-pool.js';
import { inferenceCoefficients } from '../kernels/batch-norm-inference-cpu.js';
import { cpuValues, type CpuBackendLike } from '../kernels/cpu-helpers.js';
import { batchNormBackwardRows, batchNormForwardRows, batchNormKernelConfigs, type BatchNormRowFns } from '../kernels/batch-norm.js';
import { cpuIo } from '../kernels/kernel-io.js';
import { simdStream } from '../kernels/simd-stream.js';
import { batchNormBackwardGraph, batchNormForwardGraph, batchNormInferenceGraph, batchNormLayout, type BatchNormLayout } from './batch-norm-graphs.js';
import type { OnnxGraph } from './onnx-model.js';
import { ORT_BACKEND_NAME } from './conv-kernels.js';
import { ELEMENTWISE_TUNING, type OrtEngine } from './ort-engine.js';

/**
 * Activations with fewer values than this keep the JavaScript kernels (a session run's fixed cost is more
 * than their whole loop below it).
 */
export const ORT_BATCH_NORM_MIN_VALUES = 65_536;


/**
 * `@aug/models`' BatchNorm training kernels on the onnxruntime route: activations of at least
 * {@link ORT_BATCH_NORM_MIN_VALUES} values run {@link batchNormForwardGraph} and
 * {@link batchNormBackwardGraph} (vectorised, on onnxruntime's threads, one session per shape, the tfjs
 * buffers read and written in place), smaller ones the JavaScript kernels. The results agree with the
 * JavaScript kernels within float32 rounding (they sum in float32 in two stages, JavaScript in float64).
 */
export function ortBatchNormKernels(engine: OrtEngine): KernelConfig[] {
  const count = new Float32Array(1);
  const epsilonValue = new Float32Array(1);
  type Arrays = Record<string, Float32Array>;
  /** Runs one of the two graphs on an activation of `rowCount` x `channels` values, read in its wide layout. */
  const run = (
    key: string, build: (layout: BatchNormLayout) => OnnxGraph, rowCount: number, channels: number,
    inputs: { wide: Arrays; perChannel: Arrays; scalars?: Arrays }, outputs: { wide: Arrays; perChannel: Arrays },
  ): void => {
    const layout = batchNormLayout(rowCount, channels);
    const wide = [layout.wideRows, layout.width];
    const shaped = (arrays: Arrays, shape: number[]) => Object.fromEntries(Object.entries(arrays).map(([name, data]) => [name, { data, shape }]));
    count[0] = rowCount;
    engine.runInto(
      `${key}:${rowCount},${channels}`,
      () => build(layout),
      { ...shaped(inputs.wide, wide), ...shaped(inputs.perChannel, [channels]), ...shaped({ count, ...inputs.scalars }, [1]) },
      { ...shaped(outputs.wide, wide), ...shaped(outputs.perChannel, [channels]) },
      ELEMENTWISE_TUNING,
    );
  };
  const rows: BatchNormRowFns = {
    forward: (x, rowCount, channels, scale, offset, epsilon, y, mean, variance, invStd) => {
      if (rowCount * channels < ORT_BATCH_NORM_MIN_VALUES) {
        batchNormForwardRows(x, rowCount, channels, scale, offset, epsilon, y, mean, variance, invStd);
        return;
      }
      // The streamed SIMD kernel where it runs (no output copy; one sweep for the statistics), else the graph.
      if (simdStream()?.batchNormForward(x, rowCount, channels, scale, offset, epsilon, y, mean, variance, invStd) === true) return;
      epsilonValue[0] = epsilon;
      run('bn', batchNormForwardGraph, rowCount, channels, { wide: { x }, perChannel: { scale, offset }, scalars: { epsilon: epsilonValue } }, { wide: { y }, perChannel: { mean, variance, invStd } });
    },
    backward: (dy, x, rowCount, channels, mean, invStd, scale, dx, dScale, dOffset) => {
      if (rowCount * channels < ORT_BATCH_NORM_MIN_VALUES) {
        batchNormBackwardRows(dy, x, rowCount, channels, mean, invStd, scale, dx, dScale, dOffset);
        return;
      }
      if (simdStream()?.batchNormBackward(dy, x, rowCount, channels, mean, invStd, scale, dx, dScale, dOffset) === true) return;
      run('bn-grad', batchNormBackwardGraph, rowCount, channels, { wide: { dy, x }, perChannel: { mean, invStd, scale } }, { wide: { dx }, perChannel: { dScale, dOffset } });
    },
  };
  return batchNormKernelConfigs(ORT_BACKEND_NAME, cpuIo, rows);
}

/**
 * `FusedBatchNorm` (BatchNorm in inference mode) of the onnxruntime route: `config` (aug's JavaScript
 * kernel) with activations of at least {@link ORT_BATCH_NORM_MIN_VALUES} values run as
 * {@link batchNormInferenceGraph} (the per-channel factor and shift computed in float64 as the JavaScript
 * kernel does, rounded to float32, then one multiply and one add per value in onnxruntime; within a float32
 * rounding or two of it).
 */
export function withOrtBatchNormInference(engine: OrtEngine, config: KernelConfig): KernelConfig {
  const js = config.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const coefficients = inferenceCoefficients(args);
    const size = coefficients === null ? 0 : coefficients.x.shape.reduce((p, q) => p * q, 1);
    if (coefficients === null || size < ORT_BATCH_NORM_MIN_VALUES || coefficients.channels === 0) return js(args);
    const { x, channels, a, b } = coefficients;
    const cpu = args.backend as unknown as CpuBackendLike;
    // The streamed SIMD kernel where it runs: the graph's arithmetic (float32 a and b, a multiply and an add)
    // without its output copy.
    const out = allocFloat32(cpu, size);
    if (simdStream()?.channelAffine(cpuValues(cpu, x), channels, a, b, out) === true) return cpu.makeTensorInfo(x.shape, 'float32', out);
    const layout = batchNormLayout(size / channels, channels);
    const wideA = new Float32Array(layout.width);
    const wideB = new Float32Array(layout.width);
    for (let i = 0; i < layout.width; i++) {
      wideA[i] = a[i % channels]!;
      wideB[i] = b[i % channels]!;
    }
    const wide = [layout.wideRows, layout.width];
    engine.runInto(
      `bn-infer:${layout.wideRows},${layout.width}`,
      () => batchNormInferenceGraph(layout),
      { x: { data: cpuValues(cpu, x), shape: wide }, a: { data: wideA, shape: [layout.width] }, b: { data: wideB, shape: [layout.width] } },
      { y: { data: out, shape: wide } },
      ELEMENTWISE_TUNING,
    );
    return cpu.makeTensorInfo(x.shape, 'float32', out);
  };
  return { ...config, kernelFunc };
}
