import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchNormBackwardRows, batchNormForwardRows, batchNormKernelConfigs, type BatchNormRowFns } from '../kernels/batch-norm.js';
import { cpuIo } from '../kernels/kernel-io.js';
import { batchNormBackwardGraph, batchNormForwardGraph, batchNormLayout } from './batch-norm-graphs.js';
import { ORT_BACKEND_NAME } from './conv-kernels.js';
import type { OrtEngine } from './ort-engine.js';

/**
 * Activations with fewer values than this keep the JavaScript kernels (a session run's fixed cost is more
 * than their whole loop below it).
 */
export const ORT_BATCH_NORM_MIN_VALUES = 65_536;

/** Spin time of the BatchNorm sessions' workers: graphs of many short nodes (see `SessionTuning`). */
const SPIN_MICROSECONDS = 100;

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
  const tuning = { spinMicroseconds: SPIN_MICROSECONDS };
  const rows: BatchNormRowFns = {
    forward: (x, rowCount, channels, scale, offset, epsilon, y, mean, variance, invStd) => {
      if (rowCount * channels < ORT_BATCH_NORM_MIN_VALUES) {
        batchNormForwardRows(x, rowCount, channels, scale, offset, epsilon, y, mean, variance, invStd);
        return;
      }
      const layout = batchNormLayout(rowCount, channels);
      const wide = [layout.wideRows, layout.width];
      count[0] = rowCount;
      epsilonValue[0] = epsilon;
      engine.runInto(
        `bn:${rowCount},${channels}`,
        () => batchNormForwardGraph(layout),
        { x: { data: x, shape: wide }, scale: { data: scale, shape: [channels] }, offset: { data: offset, shape: [channels] }, count: { data: count, shape: [1] }, epsilon: { data: epsilonValue, shape: [1] } },
        { y: { data: y, shape: wide }, mean: { data: mean, shape: [channels] }, variance: { data: variance, shape: [channels] }, invStd: { data: invStd, shape: [channels] } },
        tuning,
      );
    },
    backward: (dy, x, rowCount, channels, mean, invStd, scale, dx, dScale, dOffset) => {
      if (rowCount * channels < ORT_BATCH_NORM_MIN_VALUES) {
        batchNormBackwardRows(dy, x, rowCount, channels, mean, invStd, scale, dx, dScale, dOffset);
        return;
      }
      const layout = batchNormLayout(rowCount, channels);
      const wide = [layout.wideRows, layout.width];
      count[0] = rowCount;
      engine.runInto(
        `bn-grad:${rowCount},${channels}`,
        () => batchNormBackwardGraph(layout),
        {
          dy: { data: dy, shape: wide }, x: { data: x, shape: wide }, mean: { data: mean, shape: [channels] }, invStd: { data: invStd, shape: [channels] },
          scale: { data: scale, shape: [channels] }, count: { data: count, shape: [1] },
        },
        { dx: { data: dx, shape: wide }, dScale: { data: dScale, shape: [channels] }, dOffset: { data: dOffset, shape: [channels] } },
        tuning,
      );
    },
  };
  return batchNormKernelConfigs(ORT_BACKEND_NAME, cpuIo, rows);
}
