import { describeValue } from '@aug/internal';
import { defaultMemoryBudget, recommendedMicroBatchSize } from '@aug/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** How many examples the first micro-batch of an 'auto' step measures. */
export const PROBE_EXAMPLES = 8;

const measured = new WeakMap<LayersModel, Map<string, number>>();

function key(x: tf.Tensor): string {
  return `${tf.getBackend()}|${x.shape.slice(1).join('x')}|${x.dtype}`;
}

/** Bytes per example measured earlier for this model, backend and input shape. */
export function knownBytesPerExample(model: LayersModel, x: tf.Tensor): number | undefined {
  return measured.get(model)?.get(key(x));
}

/** Records a measurement. */
export function rememberBytesPerExample(model: LayersModel, x: tf.Tensor, bytes: number): void {
  let byKey = measured.get(model);
  if (!byKey) measured.set(model, (byKey = new Map()));
  byKey.set(key(x), bytes);
}

/**
 * The budget for 'auto' on the current backend: `memoryBudgetBytes` when given, else `@aug/backend`'s
 * `defaultMemoryBudget` (half the wasm heap, half the machine on onnxruntime), else Infinity (do not split).
 */
export function resolveBudget(memoryBudgetBytes: number | undefined): number {
  if (memoryBudgetBytes !== undefined && !(Number.isFinite(memoryBudgetBytes) && memoryBudgetBytes > 0)) {
    throw new RangeError(`memoryBudgetBytes must be a positive finite number of bytes, got ${describeValue(memoryBudgetBytes)}`);
  }
  return memoryBudgetBytes ?? defaultMemoryBudget() ?? Infinity;
}

/**
 * The largest micro-batch whose step fits in `budget` bytes of live tensors: the tensors alive before
 * the step (`baseBytes`: weights, optimizer state, the batch), three gradient-sized sets (accumulated,
 * new, their sum) and `bytesPerExample` for each example's activations. `@aug/backend`'s planner
 * (`recommendedMicroBatchSize`) does the arithmetic; a `RangeError` names `memoryBudgetBytes` when not
 * even one example fits.
 */
export function planMicroBatch(p: { budget: number; baseBytes: number; gradBytes: number; bytesPerExample: number; batch: number }): number {
  if (!Number.isFinite(p.budget)) return p.batch;
  const size = recommendedMicroBatchSize(p.batch, {
    bytesPerExample: Math.max(1, p.bytesPerExample),
    reservedBytes: p.baseBytes + 3 * p.gradBytes,
    memoryBudgetBytes: p.budget,
    equalSplit: false,
  });
  return size ?? p.batch;
}

/**
 * Bytes of live tensors per example of one training micro-step, measured by running `probe` (a
 * forward and backward pass on `examples` examples whose results it disposes) under `tf.profile`.
 * The probe leaves no trace: the model's non-trainable weights (BatchNorm's running statistics,
 * which a training-mode forward pass moves) are copied before and written back after, so a run's
 * numbers do not depend on when a process measured (a resumed run equals an uninterrupted one).
 */
export async function measureBytesPerExample(model: LayersModel, gradBytes: number, probe: () => void, examples: number): Promise<number> {
  const saved = model.nonTrainableWeights.map((w) => tf.clone(w.read()));
  try {
    const baseBytes = tf.memory().numBytes;
    const info = await tf.profile(() => {
      probe();
      return [];
    });
    const peak = Math.max(info.peakBytes, baseBytes);
    return Math.max(1, (peak - baseBytes - gradBytes) / examples);
  } finally {
    model.nonTrainableWeights.forEach((w, i) => w.write(saved[i]!));
    tf.dispose(saved);
  }
}
